"""The Education Team's pages cost the same number of queries at 10 rows as at 1,000.

The 1,000 rows are made with the demo seeder's bulk function, as the bench makes 100,000.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.demo.seed import create_demo_submissions
from evidence.models import Submission
from tests.factories import (
    SubmissionFactory,
    SvDbvAnswerFactory,
    TriageNoteFactory,
    attach_file,
    local_authority,
)
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")
PAGES = {
    "list": (LIST, {}),
    "untriaged": (LIST, {"status__exact": "new"}),
    "theme": (LIST, {"theme": "sv-dbv"}),
    "role": (LIST, {"role__exact": "senco"}),
    "phase": (LIST, {"phase__exact": "primary"}),
    "setting": (LIST, {"setting__exact": "special"}),
    "local authority": (LIST, {"local_authority__id__exact": "KENT"}),
    "reported programme": (LIST, {"reported_programme": "dbv"}),
    "known programme": (LIST, {"known_programme": "either"}),
    "assigned to me": (LIST, {"assignee": "me"}),
    "unassigned": (LIST, {"assignee": "none"}),
    "priority": (LIST, {"priority__exact": "3"}),
    "received": (LIST, {"received_at__gte": "2020-01-01T00:00:00+00:00"}),
    "search": (LIST, {"q": "psychologist"}),
    "search two words": (LIST, {"q": "school pupils"}),
    "dashboard": (reverse("admin:evidence_submission_dashboard"), {}),
    "tracker": (reverse("admin:evidence_localauthority_tracker"), {}),
    "tracker no plan": (reverse("admin:evidence_localauthority_tracker"), {"show": "no-plan"}),
}


def query_counts(client) -> dict[str, int]:
    counts = {}
    kent = str(local_authority("Kent").pk)
    for name, (url, params) in PAGES.items():
        params = {key: kent if value == "KENT" else value for key, value in params.items()}
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def seed(count: int, alice) -> None:
    """``count`` demo rows, and one that every filter and search above finds, so no page is empty."""
    create_demo_submissions(count - 1, seed=count)
    found = SubmissionFactory(
        themes=["sv-dbv"],
        role="senco",
        phase="primary",
        setting="special",
        priority=3,
        local_authority=local_authority("Kent"),
        assignee=alice,
        experience="The educational psychologist never came; school pupils wait.",
    )
    SvDbvAnswerFactory(submission=found, programme="dbv")
    # Triage has touched some, so assignees, notes and files are in play.
    for submission in Submission.objects.order_by("-id")[:5]:
        TriageNoteFactory(submission=submission, author=alice)
        attach_file(submission, "letter.pdf", b"%PDF-1.4")


def compare(client, alice) -> dict[str, int]:
    sign_in(client, alice)
    seed(10, alice)
    query_counts(client)  # warm Django's own caches (content types) first
    small = query_counts(client)
    seed(990, alice)  # 1,000 in all
    large = query_counts(client)
    assert small == large
    return small


def test_every_page_costs_the_same_at_10_and_1000_rows(client, alice):
    counts = compare(client, alice)
    assert max(counts.values()) <= 15, counts


def test_every_page_costs_the_same_on_postgresql(client, alice, postgres):
    compare(client, alice)


def test_the_submission_page_costs_the_same_whatever_it_holds(client, alice):
    sign_in(client, alice)
    create_demo_submissions(2, seed=3)
    plain, busy = Submission.objects.order_by("id")
    for _ in range(5):
        TriageNoteFactory(submission=busy, author=alice)
        attach_file(busy, "letter.pdf", b"%PDF-1.4")
    client.get(reverse("admin:evidence_submission_change", args=[plain.pk]))  # warm Django's own caches
    counts = []
    for submission in (plain, busy):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("admin:evidence_submission_change", args=[submission.pk])).status_code
                == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]
