"""The dashboard's and tracker's counts (evidence.triage.figures): for each visit on a small installation,
from the cache the beat task fills on a large one, and the same figures either way.

"Large" is ``TRIAGE_FIGURES_LIVE_BELOW_ROWS`` set to 0 here (always from the cache); the default,
50,000, keeps every other test's pages counting live.
"""

import pytest
from celery.schedules import schedule as every
from django.core.cache import cache
from django.db import connection

from evidence.choices import Status
from evidence.models import Submission
from evidence.tasks import refresh_triage_figures
from evidence.triage import figures, tracker
from tests.factories import SubmissionFactory, SvDbvAnswerFactory, local_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    """As on an installation past the threshold: the pages read the cache."""
    settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = 0


def backlog_of(found: figures.DashboardFigures) -> int:
    return found.backlog.count


def test_a_small_installation_counts_for_each_visit_and_keeps_nothing(three_weeks_of_evidence):
    assert figures.counted_live()
    assert figures.dashboard_figures().counted_at is None
    SubmissionFactory()
    assert backlog_of(figures.dashboard_figures()) == 4
    assert figures.tracker_figures().counted_at is None
    assert cache.get(figures.DASHBOARD_KEY) is None and cache.get(figures.TRACKER_KEY) is None


def test_the_threshold_is_a_number_of_submissions(settings, three_weeks_of_evidence):
    if connection.vendor == "postgresql":  # its estimate is made by ANALYZE (autovacuum's, in production)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE evidence_submission")
    held = Submission.objects.count()
    settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = held + 1
    assert figures.counted_live()
    settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = held
    assert not figures.counted_live()


def test_the_estimate_is_of_the_whole_table_whatever_the_filter(three_weeks_of_evidence):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE evidence_submission")
    held = Submission.objects.count()
    assert figures.row_estimate(Submission.objects.all()) == held
    assert figures.row_estimate(Submission.objects.filter(pk=-1)) == held


def test_cached_figures_are_the_figures_counted_live(large, three_weeks_of_evidence):
    live = figures.count_dashboard()
    cached = figures.dashboard_figures()  # a miss: counted and stored
    again = figures.dashboard_figures()  # read back from the cache
    for found in (cached, again):
        assert found.counted_at is not None
        assert found.by_status == live.by_status
        assert found.by_role == live.by_role
        assert found.top_authorities == live.top_authorities == [("Kent", 2), ("Leeds", 2)]
        assert found.backlog == live.backlog
        assert found.campaigns == live.campaigns
    assert again.counted_at == cached.counted_at


def test_the_tracker_reads_the_same_reports_from_the_cache(large):
    kent = local_authority("Kent")
    SvDbvAnswerFactory(submission__local_authority=kent, local_authority=kent, plan_published="no")
    SubmissionFactory(local_authority=kent)
    SvDbvAnswerFactory(local_authority=kent, submission__status=Status.SPAM)
    live = tracker.report_counts()
    figures.tracker_figures()
    cached = figures.tracker_figures()
    assert cached.counted_at is not None
    assert cached.reports == live
    row = next(row for row in tracker.authority_rows("", cached.reports) if row.authority == kent)
    assert (row.reports, row.no_plan, row.latest) == (2, 1, live[kent.pk].latest)


def test_the_cache_holds_the_figures_until_the_beat_task_counts_again(large, three_weeks_of_evidence):
    first = figures.dashboard_figures()
    assert backlog_of(first) == 3
    SubmissionFactory(local_authority=local_authority("Kent"))

    assert backlog_of(figures.dashboard_figures()) == 3  # still the cached count
    assert refresh_triage_figures.apply().get() == "counted"

    refreshed = figures.dashboard_figures()
    assert backlog_of(refreshed) == 4
    assert refreshed.counted_at >= first.counted_at
    kent = local_authority("Kent")
    assert figures.tracker_figures().reports[kent.pk].reports == 3


def test_the_beat_task_keeps_nothing_where_the_pages_count_live():
    assert refresh_triage_figures.apply().get() == "counted live by the pages: nothing to keep"
    assert cache.get(figures.DASHBOARD_KEY) is None


def test_a_cached_value_this_release_cannot_read_is_a_miss(large, three_weeks_of_evidence):
    cache.set(figures.DASHBOARD_KEY, {"by_status": "not what we wrote"})
    cache.set(figures.TRACKER_KEY, ["not", "a", "dict"])
    assert backlog_of(figures.dashboard_figures()) == 3
    assert figures.tracker_figures().counted_at is not None
    assert cache.get(figures.DASHBOARD_KEY)["backlog"][0] == 3


def test_the_task_runs_every_minute_on_the_default_queue_within_its_own_time_limit(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-triage-figures"]
    assert entry["task"] == refresh_triage_figures.name == "evidence.tasks.refresh_triage_figures"
    assert every(entry["schedule"]).run_every.total_seconds() == 60
    assert settings.CELERY_TASK_ROUTES[refresh_triage_figures.name] == {"queue": "default"}
    assert refresh_triage_figures.time_limit < 60 and refresh_triage_figures.soft_time_limit < 60
