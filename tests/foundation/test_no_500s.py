"""No 5xx from anything a visitor or a hand-edited admin address can send (issue 12, item 7).

Hypothesis (derandomised, no example database, so CI sees the same examples every run) sends
generated values through the test client, the whole middleware stack included:

- into every public form: each step of the journey (POST, with a journey in progress) and the public
  search (GET);
- into every admin list's filters and parameters (GET): the submission list, its export, the
  dashboard, the tracker, the outbox and its digest preview, the export record, the local
  authorities and programme memberships, the consultation's lists, and Django's users and groups.

and, for most of the 10,000 examples (``EXAMPLES``), into the step forms themselves (every step's
form, one hypothesis run each): checked, read back as the session keeps them, and summarised as
check-your-answers shows them.

So that it all fits in a CI minute or two (86 s for the file on the shared 2-core machine, load 3-4),
the list and step pages render through small templates holding only what reads the request: the
filters, the search box, the date drill-down, the results and the pagination of a list; the form, its
errors and its values on a step. Sessions are signed cookies, so no example writes a session row.
The full pages, with the same kinds of values, are tests/evidence/admin/test_bad_parameters.py and
tests/foundation/test_security_headers.py.
"""

import functools

import pytest
from django.contrib import admin
from django.test import Client
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.submissions.forms import STEP_FORMS
from tests.factories import SubmissionFactory, local_authority
from tests.journeys import answer_steps_before_contact
from tests.staff import sign_in

pytestmark = pytest.mark.django_db

# Examples per property; 10,000 in all. Most go to the step forms themselves, which cost a few
# milliseconds each; a request through the whole stack costs 20-100 ms on a busy machine.
EXAMPLES = {"admin": 400, "steps": 500, "search": 150, "forms": 8_950}


def fuzz(examples: int):
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- Values ---------------------------------------------------------------------------------------

NASTY = [
    "\x00",
    "a\x00b",
    "99999999999999999999999",
    "-1",
    "0",
    "1e400",
    "NaN",
    "2026-13-45",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31 99:99",
    "2026-12-02",
    "2026-12-02 10:00:00",
    "notadate",
    "None",
    "True",
    "%",
    "'",
    '"',
    "\\",
    "<script>",
    ",,,",
    "__",
    "x" * 3000,
    "\ufffd",
    "\u202e",
    "😀",
]
# Kept small: drawing values costs more than checking a form with them.
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.integers().map(str),
)


# --- The admin ------------------------------------------------------------------------------------

ADMIN_PAGES = {
    "/admin/evidence/submission/": [
        "status__exact",
        "theme",
        "role__exact",
        "phase__exact",
        "setting__exact",
        "local_authority__id__exact",
        "reported_programme",
        "known_programme",
        "assignee",
        "priority__exact",
        "received_at__gte",
        "received_at__lt",
        "is_demo__exact",
    ],
    "/admin/evidence/submission/export/": [
        "status__exact",
        "theme",
        "assignee",
        "local_authority__id__exact",
        "received_at__gte",
        "known_programme",
    ],
    "/admin/evidence/submission/dashboard/": [],
    "/admin/evidence/localauthority/tracker/": ["show"],
    "/admin/evidence/outboundemail/": [
        "kind__exact",
        "status__exact",
        "created_at__year",
        "created_at__month",
        "created_at__day",
    ],
    "/admin/evidence/outboundemail/digest-preview/": ["week"],
    "/admin/evidence/evidenceexport/": ["exported_at__gte", "exported_at__lt"],
    "/admin/evidence/localauthority/": ["type__exact", "programme_memberships__programme__exact"],
    "/admin/evidence/programmemembership/": ["programme__exact", "inferred__exact"],
    "/admin/consultation/consultation/": ["published__exact"],
    "/admin/consultation/question/": ["consultation__id__exact", "group__id__exact"],
    "/admin/auth/user/": ["is_staff__exact", "is_superuser__exact", "is_active__exact", "groups__id__exact"],
    "/admin/auth/group/": [],
}
# Every list also reads these; and anything else may be typed into an address.
EVERY_LIST = ["q", "p", "o", "e", "all", "_to_field", "_popup", "_changelist_filters", "pk__in"]

LIGHT_CHANGE_LIST = (
    "{% load admin_list %}{% search_form cl %}{% date_hierarchy cl %}"
    "{% for spec in cl.filter_specs %}{% admin_list_filter cl spec %}{% endfor %}"
    "{% result_list cl %}{% pagination cl %}"
)
LIGHT_STEP = "{{ form.errors }}{% for field in form %}{{ field.value }}{% endfor %}{{ title }}"


@pytest.fixture
def light_pages(settings, monkeypatch):
    # Sessions in a signed cookie: no database write per example, the same session code otherwise.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"fuzz/change_list.html": LIGHT_CHANGE_LIST, "evidence/step.html": LIGHT_STEP},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    for model_admin in admin.site._registry.values():
        monkeypatch.setattr(model_admin, "change_list_template", "fuzz/change_list.html")


def admin_query(page: str):
    names = st.sampled_from(ADMIN_PAGES[page] + EVERY_LIST) | st.text(min_size=1, max_size=8)
    return st.dictionaries(names, VALUES, max_size=3)


# One strategy per page, built once: building strategies inside each draw costs more than the request.
ADMIN_REQUESTS = st.one_of([st.tuples(st.just(page), admin_query(page)) for page in sorted(ADMIN_PAGES)])


def answer(response) -> int:
    # The export's rows are the list's query with more columns: the list page with the same filters
    # runs it, and tests/evidence/admin/test_bad_parameters.py reads whole exports.
    return response.status_code


@fuzz(EXAMPLES["admin"])
@given(request=ADMIN_REQUESTS)
def test_no_admin_filter_or_parameter_gets_a_5xx(staff_client, request):
    page, query = request

    assert answer(staff_client.get(page, query)) < 500, (page, query)


@pytest.fixture
def staff_client(dave, light_pages):
    SubmissionFactory(themes=["workload", "sv-dbv"])
    return sign_in(Client(raise_request_exception=False), dave)


# --- The public forms -----------------------------------------------------------------------------

JOURNEY_STEPS = ["about-you", "themes", "workload", "sv-dbv", "your-experience", "contact-details"]


def field_values(step: str):
    form = STEP_FORMS[step]
    known = {
        name: [str(value) for value, _ in getattr(field, "choices", [])][:20]
        for name, field in form.base_fields.items()
    }
    names = st.sampled_from([*known, "website", "action", "change"]) | st.text(min_size=1, max_size=6)
    choices = [choice for values in known.values() for choice in values]
    one_value = VALUES | st.sampled_from(choices or ["x"])
    return st.dictionaries(names, st.lists(one_value, min_size=1, max_size=2), max_size=5)


# Deferred: built once, at the first draw (inside a test, where the forms may read the database).
STEP_POSTS = st.deferred(
    lambda: st.one_of([st.tuples(st.just(step), field_values(step)) for step in JOURNEY_STEPS])
)


@pytest.fixture
def member(light_pages):
    client = Client(raise_request_exception=False)
    answer_steps_before_contact(client)
    return client


@fuzz(EXAMPLES["steps"])
@given(post=STEP_POSTS)
def test_no_journey_step_answers_a_5xx_whatever_is_posted(member, post):
    step, data = post

    assert member.post(f"/evidence/send/{step}/", data).status_code < 500, (step, data)


@fuzz(EXAMPLES["search"])
@given(query=st.dictionaries(st.sampled_from(["q", "page"]) | st.text(max_size=8), VALUES, max_size=3))
def test_the_public_search_never_answers_a_5xx(light_pages, client, query):
    assert client.get("/response/search/", query).status_code < 500, query


FORM_STEPS = [step for step in STEP_FORMS if step != "attachments"]
# What "about you" saved (checked against its choices), as the SV/DBV page is built from it.
AUTHORITY_CHOICES = st.sampled_from(["", "prefer-not-to-say", "kent"])


@functools.cache
def kent_id() -> str:
    return str(local_authority("Kent").pk)


@pytest.mark.parametrize("step", FORM_STEPS)
def test_no_step_form_fails_on_what_is_posted(step):
    # One run per step: hypothesis draws faster from one form's fields than from all of them at once.
    @fuzz(EXAMPLES["forms"] // len(FORM_STEPS))
    @given(data=st.deferred(lambda: field_values(step)), authority_choice=AUTHORITY_CHOICES)
    def check(data, authority_choice):
        if authority_choice == "kent":
            authority_choice = kent_id()
        extra = {"authority_choice": authority_choice} if step == "sv-dbv" else {}

        form = STEP_FORMS[step](MultiValueDict(data), **extra)

        if form.is_valid():
            assert "\x00" not in str(form.stored_data())
            form.summary_rows()
        else:
            assert form.error_links()

    check()
