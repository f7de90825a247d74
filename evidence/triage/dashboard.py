"""The figures on the Education Team's dashboard, each one aggregate query whatever the volume.

The whole-table counts here are what ``evidence.triage.figures`` counts for the page: for each visit on
a small installation, every minute on a large one. They count rows with ``COUNT(*)``, not ``COUNT(id)``,
so PostgreSQL can count from an index that does not hold the id (an index-only scan: migration 0020).

The weekly history reads the weekly figures alone (``WeeklyFigure``), so it still counts evidence the
retention purge has deleted. Everything else reads the live rows: the submissions still held. Spam and
restricted submissions are left out of every figure except the counts by status (``counted()``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Min
from django.utils import timezone

from evidence.choices import Role, Status
from evidence.models import Submission, SubmissionSignature, Theme, WeeklyFigure, counted_q
from evidence.weeks import IsoWeek

WEEKS = 12


@dataclass
class Week:
    start: date
    total: int = 0
    by_theme: dict[str, int] = field(default_factory=dict)

    def counts(self, themes: list[Theme]) -> list[int]:
        return [self.by_theme.get(theme.slug, 0) for theme in themes]


@dataclass
class Backlog:
    count: int
    oldest: datetime | None

    @property
    def oldest_age_days(self) -> int | None:
        return (timezone.now() - self.oldest).days if self.oldest else None


def window_start(today: date | None = None) -> date:
    """The Monday that starts the first of the last ``WEEKS`` weeks (this week included)."""
    today = today or timezone.localdate()
    return today - timedelta(days=today.weekday(), weeks=WEEKS - 1)


def weekly_by_theme(today: date | None = None) -> list[Week]:
    """Submissions per week, and theme mentions per week (a submission may name several themes), from
    the weekly figures: one query, and purged evidence still counts."""
    start = window_start(today)
    weeks = {
        str(IsoWeek.containing(start + timedelta(weeks=n))): Week(start + timedelta(weeks=n))
        for n in range(WEEKS)
    }
    rows = WeeklyFigure.objects.filter(
        week__in=list(weeks), dimension__in=[WeeklyFigure.Dimension.ALL, WeeklyFigure.Dimension.THEME]
    ).values_list("week", "dimension", "value", "count")
    for iso_week, dimension, value, count in rows:
        week = weeks[iso_week]
        if dimension == WeeklyFigure.Dimension.ALL:
            week.total = count
        elif count:
            week.by_theme[value] = count
    return list(weeks.values())


def counts_by_status() -> list[tuple[str, str, int]]:
    """(value, label, count) for every status, in workflow order, zeros included."""
    found = dict(Submission.objects.order_by().values_list("status").annotate(n=Count("*")))
    return [(value, label, found.get(value, 0)) for value, label in Status.choices]


def counts_by_role() -> list[tuple[str, int]]:
    found = dict(Submission.objects.counted().order_by().values_list("role").annotate(n=Count("*")))
    return [(label, found.get(value, 0)) for value, label in Role.choices]


def top_local_authorities(limit: int = 10) -> list[tuple[str, int]]:
    rows = (
        Submission.objects.counted()
        .order_by()
        .filter(local_authority__isnull=False)
        .values_list("local_authority__name")
        .annotate(n=Count("*"))
        .order_by("-n", "local_authority__name")[:limit]
    )
    return list(rows)


def untriaged_backlog() -> Backlog:
    found = Submission.objects.filter(status=Status.NEW).aggregate(
        count=Count("*"), oldest=Min("received_at")
    )
    return Backlog(found["count"], found["oldest"])


# --- Campaigns (issue 13) ---------------------------------------------------------------------------


@dataclass
class CampaignCounts:
    """Submissions held (not spam, not restricted) counted member by member, and with each group the
    Education Team marked a campaign counted once."""

    each_member: int
    campaigns_once: int
    campaign_groups: int


def campaign_counts() -> CampaignCounts:
    """Two queries, neither joining every signature: the submissions held, then those of them in groups
    marked a campaign (few), found from the groups' side. Those outside campaigns are the difference."""
    each_member = Submission.objects.counted().count()
    in_campaigns = (
        SubmissionSignature.objects.filter(group__is_campaign=True)
        .filter(counted_q("submission__"))
        .aggregate(n=Count("*"), groups=Count("group", distinct=True))
    )
    return CampaignCounts(
        each_member=each_member,
        campaigns_once=each_member - in_campaigns["n"] + in_campaigns["groups"],
        campaign_groups=in_campaigns["groups"],
    )
