"""The submission list and page (evidence.admin.submission): Alice and Dave see them, Bob and Charlie
do not; what they show, and how Alice triages a submission on its page.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from evidence.choices import Priority, Status
from evidence.models import BandingAnswer, SubmissionChange, TriageNote, WorkloadAnswer
from tests.factories import (
    SubmissionFactory,
    SvDbvAnswerFactory,
    TriageNoteFactory,
    attach_file,
    theme,
)
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")
XSS = '<script>alert("x")</script>'


def page(submission):
    return reverse("admin:evidence_submission_change", args=[submission.pk])


def references(response) -> list[str]:
    return [s.reference for s in response.context["cl"].result_list]


# --- Who sees evidence ----------------------------------------------------------------------------


def test_it_shows_the_list_to_the_education_team(client, alice):
    submission = SubmissionFactory()
    sign_in(client, alice)
    response = client.get(LIST)
    assert response.status_code == 200
    assert submission.reference in response.content.decode()


def test_it_shows_the_list_to_a_superuser(client, dave):
    SubmissionFactory()
    sign_in(client, dave)
    assert client.get(LIST).status_code == 200


def test_it_refuses_charlie_even_with_a_stray_permission(client, charlie):
    charlie.user_permissions.add(Permission.objects.get(codename="view_submission"))
    submission = SubmissionFactory()
    sign_in(client, charlie)
    assert client.get(LIST).status_code == 403
    assert client.get(page(submission)).status_code == 403
    assert "Evidence from members" not in client.get(reverse("admin:index")).content.decode()


def test_it_refuses_content_editors(client, bob):
    submission = SubmissionFactory()
    sign_in(client, bob)
    assert client.get(LIST).status_code == 403
    assert client.get(page(submission)).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "Evidence from members" not in index
    assert "Untriaged" not in index


def test_it_sends_anonymous_visitors_to_log_in(client):
    submission = SubmissionFactory()
    for url in (LIST, page(submission)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


# --- The list -------------------------------------------------------------------------------------


def test_it_lists_newest_first_with_its_columns(client, alice):
    old = SubmissionFactory(themes=["banding"])
    new = SubmissionFactory(themes=["workload", "training"], assignee=alice, priority=Priority.HIGH)
    attach_file(new, "letter.pdf", b"%PDF-1.4")
    attach_file(new, "notes.pdf", b"%PDF-1.4")
    sign_in(client, alice)
    response = client.get(LIST)
    assert references(response) == [new.reference, old.reference]
    html = response.content.decode()
    for text in ("Workload, Training", "Banding", "Classroom teacher", "Alice", "High", "New"):
        assert text in html
    row = next(s for s in response.context["cl"].result_list if s.pk == new.pk)
    assert row.attachment_total == 2


def test_untriaged_is_one_click_from_the_index_and_the_list(client, alice):
    sign_in(client, alice)
    assert f'{LIST}?status__exact=new"' in client.get(reverse("admin:index")).content.decode()
    assert f'{LIST}?status__exact=new"' in client.get(LIST).content.decode()
    untriaged = SubmissionFactory()
    SubmissionFactory(status=Status.IN_REVIEW)
    assert references(client.get(LIST, {"status__exact": "new"})) == [untriaged.reference]


@pytest.mark.parametrize("field", ["reference", "experience", "details", "name", "email"])
def test_search_finds_by_reference_words_theme_details_name_and_email(client, alice, field):
    wanted = SubmissionFactory(
        experience="Banding letters arrived in July.", name="Jo Bloggs", email="jo@school.org"
    )
    WorkloadAnswer.objects.create(submission=wanted, details="The educational psychologist never came.")
    SubmissionFactory(experience="Nothing to see.")
    term = {
        "reference": wanted.reference.lower(),
        "experience": "BANDING letters",
        "details": "psychologist",
        "name": "bloggs",
        "email": "jo@school",
    }[field]
    sign_in(client, alice)
    assert references(client.get(LIST, {"q": term})) == [wanted.reference]


def test_search_words_must_all_match(client, alice):
    wanted = SubmissionFactory(experience="EHCP paperwork in the summer term.")
    SubmissionFactory(experience="EHCP reviews.")
    sign_in(client, alice)
    assert references(client.get(LIST, {"q": "ehcp summer"})) == [wanted.reference]


# --- The submission page --------------------------------------------------------------------------


def test_the_page_shows_every_answer_grouped_by_theme_with_consents_beside_contact_details(client, alice):
    submission = SubmissionFactory(
        themes=["workload", "banding", "sv-dbv"],
        name="Jo Bloggs",
        email="jo@school.org",
        membership_number="NAS999",
        consent_to_contact=True,
        consent_to_quote=False,
        experience="Line one.\nLine two.",
    )
    WorkloadAnswer.objects.create(submission=submission, cause_ehcp_processes=True, details="Forms all week.")
    BandingAnswer.objects.create(submission=submission, experience="issues", details="Bands cut.")
    SvDbvAnswerFactory(
        submission=submission, programme="sv", plan_published="no", problem_no_consultation=True
    )
    attach_file(submission, "letter.pdf", b"%PDF-1.4")
    sign_in(client, alice)
    html = client.get(page(submission)).content.decode()
    contact = html.index("Contact details and consents")
    for text in (
        "Jo Bloggs",
        "jo@school.org",
        "NAS999",
        "May we contact them?",
        "May we quote them anonymously?",
    ):
        assert contact < html.index(text)
    for text in (
        "Workload",
        "EHCP processes",
        "Forms all week.",
        "Local authority banding",
        "Problems with banding",
        "Bands cut.",
        "Safety Valve",
        "Being developed",
        "Plan published",
        "No meaningful consultation",
        "Line one.<br>Line two.",
        "Download letter.pdf",
    ):
        assert text in html, text
    assert 'name="experience"' not in html  # the member's words are read-only
    assert 'name="themes"' not in html  # and so are their themes
    for editable in ('name="status"', 'name="assignee"', 'name="priority"', 'name="staff_themes"'):
        assert editable in html


def _form(submission, **changes):
    data = {
        "status": submission.status,
        "assignee": submission.assignee_id or "",
        "priority": submission.priority,
        "staff_themes": [t.pk for t in submission.staff_themes.all()],
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        "notes-0-text": "",
        "_continue": "Save",
    }
    data.update(changes)
    return data


def test_saving_the_page_records_each_change_with_who_and_when(client, alice):
    submission = SubmissionFactory()
    sign_in(client, alice)
    response = client.post(
        page(submission),
        _form(
            submission,
            status="in-review",
            assignee=alice.pk,
            priority="3",
            staff_themes=[theme("training").pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    submission.refresh_from_db()
    assert (submission.status, submission.assignee, submission.priority) == ("in-review", alice, 3)
    assert list(submission.staff_themes.values_list("slug", flat=True)) == ["training"]
    assert list(submission.themes.values_list("slug", flat=True)) == ["workload"]
    changes = {c.field: (c.old_value, c.new_value, c.changed_by) for c in SubmissionChange.objects.all()}
    assert changes == {
        "status": ("New", "In review", alice),
        "assignee": ("", "alice", alice),
        "priority": ("Normal", "High", alice),
        "staff_themes": ("", "SEND training and development", alice),
    }
    html = client.get(page(submission)).content.decode()
    assert "History of status" in html
    assert "In review" in html and "SEND training and development" in html


def test_saving_without_changes_records_nothing(client, alice):
    submission = SubmissionFactory()
    sign_in(client, alice)
    client.post(page(submission), _form(submission))
    assert not SubmissionChange.objects.exists()


def test_alice_may_only_assign_members_of_the_education_team(client, alice, bob, charlie, frank):
    submission = SubmissionFactory()
    sign_in(client, alice)
    for outsider in (bob, charlie):
        response = client.post(page(submission), _form(submission, assignee=outsider.pk))
        assert response.status_code == 200, outsider.username
        assert "Select a valid choice" in response.content.decode()
    assert client.post(page(submission), _form(submission, assignee=frank.pk)).status_code == 302
    submission.refresh_from_db()
    assert submission.assignee == frank


def test_notes_are_added_with_the_author_set_by_the_server_and_never_edited(client, alice):
    submission = SubmissionFactory()
    earlier = TriageNoteFactory(submission=submission, author=alice, text="First look done.")
    sign_in(client, alice)
    response = client.post(
        page(submission),
        _form(
            submission,
            **{
                "notes-TOTAL_FORMS": "2",
                "notes-INITIAL_FORMS": "1",
                "notes-0-id": earlier.pk,
                "notes-0-submission": submission.pk,
                "notes-0-text": "Rewritten history",
                "notes-1-text": "Rang the member.",
                "notes-1-author": "",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notes = list(TriageNote.objects.order_by("id").values_list("text", "author__username"))
    assert notes == [("First look done.", "alice"), ("Rang the member.", "alice")]
    html = client.get(page(submission)).content.decode()
    assert 'name="notes-0-text"' not in html  # the existing note is shown, not editable
    assert 'name="notes-0-DELETE"' not in html


def test_evidence_is_shown_escaped_in_the_list_and_the_page(client, alice):
    submission = SubmissionFactory(experience=XSS, name=XSS, role_other=XSS)
    WorkloadAnswer.objects.create(submission=submission, details=XSS)
    TriageNoteFactory(submission=submission, text=XSS)
    attach_file(submission, f'{XSS}.pdf"><img src=x onerror=alert(1)>', b"%PDF-1.4")
    sign_in(client, alice)
    for url in (LIST, page(submission), f"{LIST}?q=script"):
        html = client.get(url).content.decode()
        assert XSS not in html
        assert "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in client.get(page(submission)).content.decode()
    )


def test_nobody_adds_submissions_in_the_admin(client, alice):
    sign_in(client, alice)
    assert client.get(reverse("admin:evidence_submission_add")).status_code == 403


def test_demo_data_is_marked_as_such_and_can_be_filtered_out(client, alice):
    member = SubmissionFactory()
    demo = SubmissionFactory(is_demo=True)
    sign_in(client, alice)

    assert "(demo data, not from a member)" in client.get(page(demo)).content.decode()
    assert "demo data" not in client.get(page(member)).content.decode()
    assert references(client.get(LIST, {"is_demo__exact": "0"})) == [member.reference]
