"""The submission list's rows (evidence.admin.list_rows): Alice sees the columns triage needs, each cell
exactly as Django's own ``items_for_result`` writes it, at no query per row."""

import re

import pytest
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.analysis import groups
from evidence.choices import Priority, Status
from tests.evidence.analysis.letters import letter
from tests.factories import SubmissionFactory, attach_file, theme
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")
XSS = '<script>alert("x")</script>'


@pytest.fixture
def varied(alice):
    """Rows with and without each thing a cell can show: an authority, an assignee, staff themes, files,
    a near-duplicate group."""
    plain = SubmissionFactory(local_authority=None, themes=["banding"])
    busy = SubmissionFactory(
        themes=["workload", "training"],
        assignee=alice,
        priority=Priority.HIGH,
        status=Status.FOLLOW_UP,
        role="senco",
    )
    busy.staff_themes.set([theme("sv-dbv")])
    attach_file(busy, "letter.pdf", b"%PDF-1.4")
    attach_file(busy, "notes.pdf", b"%PDF-1.4")
    for school, name in [("Oak Primary", "Jane Smith"), ("Elm Academy", "Raj Patel")]:
        grouped = SubmissionFactory(experience=letter(school, name), role="senco")
        groups.find_group(submission_id=grouped.pk)
    return plain, busy


def not_called(*args):
    raise AssertionError("Django's items_for_result was called")


def djangos_rows(response) -> list[list[str]]:
    cl = response.context["cl"]
    return [list(items_for_result(cl, result, None)) for result in cl.result_list]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"role__exact": "senco"},  # a filtered list: each link keeps the filters
        {"q": "EHCP"},
        {"o": "-8.2"},  # sorted by priority, then received
        {"status__exact": "follow-up", "assignee": "me"},
    ],
)
def test_every_cell_is_what_djangos_own_rows_write(client, alice, varied, params, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(admin_list, "items_for_result", not_called)  # the rows are written by list_rows
        response = sign_in(client, alice).get(LIST, params)
    assert response.status_code == 200
    rows = response.context["results"]
    assert rows, params
    assert [[str(cell) for cell in row] for row in rows] == djangos_rows(response)


def test_it_shows_the_columns_triage_needs(client, alice, varied):
    response = sign_in(client, alice).get(LIST)
    headers = [str(h["text"]) for h in response.context["result_headers"]][1:]  # after the checkbox
    assert headers == [
        "reference",
        "received at",
        "themes",
        "role",
        "local authority",
        "status",
        "assignee",
        "priority",
        "files",
        "group size",
    ]
    _, busy = varied
    row = next(cells for cells in response.context["results"] if busy.reference in cells[1])
    assert row[0].startswith('<td class="action-checkbox"><input type="checkbox" name="_selected_action"')
    assert row[1].startswith('<th class="field-reference"><a href="') and f"/{busy.pk}/change/" in row[1]
    assert [re.sub("<[^>]+>", "", cell) for cell in row[3:]] == [
        "Workload, Training (staff: SV/DBV)",
        "SENCO",
        str(busy.local_authority),
        "Follow up",
        "alice",
        "High",
        "2",
        "–",
    ]


def test_a_filtered_lists_links_keep_the_filters(client, alice, varied):
    _, busy = varied
    response = sign_in(client, alice).get(LIST, {"role__exact": "senco"})
    row = next(cells for cells in response.context["results"] if busy.reference in cells[1])
    change = reverse("admin:evidence_submission_change", args=[busy.pk])
    assert f'href="{change}?_changelist_filters=role__exact%3Dsenco"' in row[1]


def test_the_members_words_are_escaped_in_every_cell(client, alice):
    SubmissionFactory(role="other", role_other=XSS, experience=XSS, name=XSS)
    response = sign_in(client, alice).get(LIST, {"q": "script"})
    html = response.content.decode()
    assert response.context["results"] and XSS not in html


def test_the_rows_cost_no_query_of_their_own(client, alice, varied):
    sign_in(client, alice)
    client.get(LIST)  # warm Django's own caches (content types)

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    few = page_queries()
    for _ in range(20):
        busy = SubmissionFactory(assignee=alice, themes=["workload", "banding"])
        busy.staff_themes.set([theme("general")])
        attach_file(busy, "letter.pdf", b"%PDF-1.4")
    assert len(client.get(LIST).context["results"]) == 24
    assert page_queries() == few


def test_a_pop_up_list_is_left_to_django(client, alice, varied):
    response = sign_in(client, alice).get(LIST, {"_popup": "1"})
    assert response.status_code == 200
    rows = response.context["results"]
    assert [[str(cell) for cell in row] for row in rows] == djangos_rows(response)
    assert "data-popup-opener" in rows[0][0]
