"""The dashboard's and the tracker's whole-table counts: counted for each visit on a small installation,
counted every minute or two and kept in the cache on a large one.

Rules (decision 0065):

- **The same figures either way.** Each page's counting function (``count_dashboard``,
  ``count_tracker``) runs that page's own aggregate queries (``evidence.triage.dashboard``,
  ``evidence.triage.tracker.report_counts``) and nothing else, so a cached figure means exactly what
  the live one means, as of ``counted_at``.
- **Live below ``TRIAGE_FIGURES_LIVE_BELOW_ROWS`` submissions** (PostgreSQL's row estimate, as the
  submission list's count uses; an exact count on other databases): the pages count on every visit
  and say nothing about when. 0 means never live.
- **Above it, one cache key per page** (``DASHBOARD_KEY``, ``TRACKER_KEY``), both counted again by the
  ``refresh_triage_figures`` beat task every minute; the pages read them and say when they were counted
  ("Figures counted at 10:42"). On a miss (first start, an evicted key, a beat stopped for longer than
  ``CACHE_SECONDS``, a Redis that does not answer) the page counts its own figures, stores them if it
  can, and says so the same way.
- **Not a second aggregate store** (architecture, "Shared pieces"): nothing is written to the database
  and nothing is updated when evidence arrives or is triaged; a lost key costs one count. What is cheap
  stays live on every visit: the weekly history (``WeeklyFigure``), the authorities and the memberships
  staff record.
- **Plain data in the cache** (tuples, dicts, numbers, datetimes), read back field by field: a value
  this code cannot read (left by an older release) is a miss, never an error page.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from evidence.models import Submission
from evidence.triage import dashboard, tracker

DASHBOARD_KEY = "triage:dashboard-figures:v1"
TRACKER_KEY = "triage:tracker-figures:v1"
# The beat task counts every minute; ten minutes without it and the pages count for themselves.
CACHE_SECONDS = 10 * 60


@dataclass
class DashboardFigures:
    by_status: list[tuple[str, str, int]]
    by_role: list[tuple[str, int]]
    top_authorities: list[tuple[str, int]]
    backlog: dashboard.Backlog
    campaigns: dashboard.CampaignCounts
    # When they were counted for the cache; None when counted for this page alone (a small installation).
    counted_at: datetime | None = None


@dataclass
class TrackerFigures:
    reports: dict[int, tracker.ReportCounts]
    counted_at: datetime | None = None


def count_dashboard() -> DashboardFigures:
    """The dashboard's whole-table counts, now: five aggregate queries."""
    return DashboardFigures(
        by_status=dashboard.counts_by_status(),
        by_role=dashboard.counts_by_role(),
        top_authorities=dashboard.top_local_authorities(),
        backlog=dashboard.untriaged_backlog(),
        campaigns=dashboard.campaign_counts(),
    )


def count_tracker() -> TrackerFigures:
    """The tracker's members' reports per authority, now: two aggregate queries."""
    return TrackerFigures(reports=tracker.report_counts())


def counted_live() -> bool:
    """Whether the pages count for each visit: below ``TRIAGE_FIGURES_LIVE_BELOW_ROWS`` submissions."""
    below = settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS
    return below > 0 and row_estimate(Submission.objects.all()) < below


def row_estimate(queryset: QuerySet[Any]) -> int:
    """How many rows the queryset's table holds, without reading them: on PostgreSQL the planner's
    estimate (``pg_class.reltuples``, kept by ANALYZE and autovacuum; -1 before the table was first
    analysed, so small); elsewhere an exact count. Its filters are not looked at: the whole table.

    The dashboard's and the tracker's "count live?" and the admin lists' count of an unfiltered list
    (evidence.admin.paging) both ask it, so both mean the same size."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.model._default_manager.using(queryset.db).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else -1


def dashboard_figures() -> DashboardFigures:
    """What the dashboard shows: counted now on a small installation, else the cached figures (counted
    and stored now when there are none)."""
    if counted_live():
        return count_dashboard()
    return _cached_dashboard() or refresh_dashboard()


def tracker_figures() -> TrackerFigures:
    """What the tracker shows, as ``dashboard_figures`` does for the dashboard."""
    if counted_live():
        return count_tracker()
    return _cached_tracker() or refresh_tracker()


def refresh_dashboard() -> DashboardFigures:
    """Count the dashboard's figures and store them, stamped with when the counting began."""
    started = timezone.now()
    figures = count_dashboard()
    figures.counted_at = started
    cache.set(
        DASHBOARD_KEY,
        {
            "counted_at": started,
            "by_status": [(value, str(label), n) for value, label, n in figures.by_status],
            "by_role": [(str(label), n) for label, n in figures.by_role],
            "top_authorities": [(str(name), n) for name, n in figures.top_authorities],
            "backlog": (figures.backlog.count, figures.backlog.oldest),
            "campaigns": vars(figures.campaigns).copy(),
        },
        CACHE_SECONDS,
    )
    return figures


def refresh_tracker() -> TrackerFigures:
    started = timezone.now()
    figures = count_tracker()
    figures.counted_at = started
    reports = {pk: vars(counts).copy() for pk, counts in figures.reports.items()}
    cache.set(TRACKER_KEY, {"counted_at": started, "reports": reports}, CACHE_SECONDS)
    return figures


def refresh_cached_figures() -> bool:
    """The beat task's work: count both pages' figures again where the pages read them from the cache;
    nothing where they count live. Whether it counted."""
    if counted_live():
        return False
    refresh_dashboard()
    refresh_tracker()
    return True


def _cached_dashboard() -> DashboardFigures | None:
    stored = cache.get(DASHBOARD_KEY)
    try:
        return DashboardFigures(
            by_status=[(value, label, n) for value, label, n in stored["by_status"]],
            by_role=[(label, n) for label, n in stored["by_role"]],
            top_authorities=[(name, n) for name, n in stored["top_authorities"]],
            backlog=dashboard.Backlog(*stored["backlog"]),
            campaigns=dashboard.CampaignCounts(**stored["campaigns"]),
            counted_at=stored["counted_at"],
        )
    except (KeyError, TypeError, ValueError, AttributeError):  # a miss (None), or a shape not ours
        return None


def _cached_tracker() -> TrackerFigures | None:
    stored = cache.get(TRACKER_KEY)
    try:
        reports = {pk: tracker.ReportCounts(**counts) for pk, counts in stored["reports"].items()}
        return TrackerFigures(reports=reports, counted_at=stored["counted_at"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
