"""Counting the submission list without reading every row (evidence.admin.paging): a filtered list counts
at most CAP rows and says "more than"; on PostgreSQL the unfiltered list takes the planner's estimate."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.admin import paging
from evidence.demo.seed import create_demo_submissions
from tests.factories import SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:evidence_submission_changelist")


def count_queries(queries) -> list[str]:
    """The list's counts of submissions (its rows' own file counts are subqueries inside its SELECT)."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT COUNT(*)") and "evidence_submission" in q["sql"]
    ]


def test_a_filtered_list_past_the_cap_says_more_than_and_counts_no_further(client, alice, monkeypatch):
    monkeypatch.setattr(paging, "CAP", 5)
    SubmissionFactory.create_batch(8, role="senco")
    sign_in(client, alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"role__exact": "senco"})

    assert "more than 5 submissions" in " ".join(response.content.decode().split())
    counts = count_queries(queries)
    assert counts and all("LIMIT 6" in sql for sql in counts)  # never a COUNT over the whole table


def test_a_filtered_list_under_the_cap_is_counted_exactly(client, alice, monkeypatch):
    monkeypatch.setattr(paging, "CAP", 5)
    SubmissionFactory.create_batch(3, role="senco")
    SubmissionFactory.create_batch(4, role="leader")
    sign_in(client, alice)
    page = " ".join(client.get(LIST, {"role__exact": "senco"}).content.decode().split())

    assert "3 submissions" in page and "more than" not in page


def test_past_ten_thousand_the_count_is_written_with_a_comma(client, alice, monkeypatch):
    monkeypatch.setattr(paging.CappedCountPaginator, "count", 12_345)
    SubmissionFactory()
    sign_in(client, alice)
    assert "12,345 submissions" in " ".join(client.get(LIST).content.decode().split())


@pytest.mark.postgres
def test_on_postgresql_the_whole_list_takes_the_planners_estimate(postgres, client, alice, monkeypatch):
    monkeypatch.setattr(paging, "CAP", 50)
    create_demo_submissions(300, seed=3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE evidence_submission")
    sign_in(client, alice)
    with CaptureQueriesContext(connection) as queries:
        page = " ".join(client.get(LIST).content.decode().split())

    assert "about 300 submissions" in page
    assert not count_queries(queries)  # the estimate, from pg_class
