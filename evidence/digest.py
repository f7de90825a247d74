"""The Education Team's weekly digest: what came in last week and what is waiting.

Weeks are ISO weeks in London time (``evidence.weeks``). The digest counts live rows (the submissions
still held: not those deleted by the retention purge or erased), spam and restricted submissions left
out of everything, and holds counts, references and admin links only: no evidence text, names,
email addresses or membership numbers. It is built with a fixed number of aggregate queries.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from evidence.choices import Role, Status, YesNoNotSure
from evidence.mail.messages import Message, make_message, write_email
from evidence.mail.queue import send_after_commit
from evidence.models import OutboundEmail, Submission, SvDbvAnswer, Theme, campaign_aggregates, counted_q
from evidence.weeks import IsoWeek

log = logging.getLogger(__name__)

TOP_AUTHORITIES = 10
OLDEST_UNTRIAGED = 10
FOLLOW_UP_SHOWN = 10


@dataclass(frozen=True)
class Line:
    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class Item:
    reference: str
    received_at: datetime
    age_days: int
    url: str


@dataclass(frozen=True)
class Digest:
    week: IsoWeek
    generated_at: datetime
    total: int
    previous_total: int
    week_url: str
    by_theme: list[Line] = field(default_factory=list)
    by_role: list[Line] = field(default_factory=list)
    by_authority: list[Line] = field(default_factory=list)
    authority_not_given: int = 0
    sv_dbv_without_plan: list[Line] = field(default_factory=list)
    follow_up: list[Item] = field(default_factory=list)
    follow_up_total: int = 0
    follow_up_url: str = ""
    oldest_untriaged: list[Item] = field(default_factory=list)
    untriaged_total: int = 0
    untriaged_url: str = ""
    # Campaigns (issue 13): the week's submissions with each campaign group counted once.
    total_campaigns_once: int = 0
    campaign_groups: int = 0

    @property
    def change(self) -> int:
        return self.total - self.previous_total

    @property
    def is_empty(self) -> bool:
        return self.total == 0


def _admin_url(submission_id: int | None = None, /, **filters: str | int) -> str:
    """The submission list (with ``filters``) or one submission's page, as a full link for an email."""
    if submission_id is None:
        path = reverse("admin:evidence_submission_changelist")
    else:
        path = reverse("admin:evidence_submission_change", args=[submission_id])
    url = f"{settings.SITE_URL}{path}"
    return f"{url}?{urlencode(filters)}" if filters else url


def _week_filters(week: IsoWeek) -> dict[str, str]:
    # The admin reads __date in the site's time zone (London), matching the week's boundaries.
    return {
        "received_at__date__gte": week.monday.isoformat(),
        "received_at__date__lte": week.sunday.isoformat(),
    }


def _items(rows: Iterable[dict[str, Any]], now: datetime) -> list[Item]:
    return [
        Item(
            reference=row["reference"],
            received_at=row["received_at"],
            age_days=(now - row["received_at"]).days,
            url=_admin_url(row["id"]),
        )
        for row in rows
    ]


def build_digest(week: IsoWeek, *, now: datetime | None = None) -> Digest:
    """Seven queries whatever the number of submissions."""
    now = now or timezone.now()
    in_week = Q(received_at__gte=week.start, received_at__lt=week.end) & counted_q()
    previous = week.previous()
    in_previous = Q(received_at__gte=previous.start, received_at__lt=previous.end) & counted_q()
    week_filters = _week_filters(week)

    totals = Submission.objects.aggregate(
        total=Count("id", filter=in_week),
        previous_total=Count("id", filter=in_previous),
        authority_not_given=Count("id", filter=in_week & Q(local_authority__isnull=True)),
        untriaged_total=Count("id", filter=Q(status=Status.NEW, restricted=False)),
        follow_up_total=Count("id", filter=Q(status=Status.FOLLOW_UP, restricted=False)),
        **campaign_aggregates(in_week),
    )
    themes = Theme.objects.annotate(
        n=Count(
            "submissions",
            filter=Q(submissions__received_at__gte=week.start, submissions__received_at__lt=week.end)
            & counted_q("submissions__"),
        )
    ).order_by("position", "name")
    week_rows = Submission.objects.filter(in_week)
    roles = week_rows.values("role").annotate(n=Count("id")).order_by("-n", "role")
    authorities = (
        week_rows.filter(local_authority__isnull=False)
        .values("local_authority_id", "local_authority__name")
        .annotate(n=Count("id"))
        .order_by("-n", "local_authority__name")[:TOP_AUTHORITIES]
    )
    without_plan = (
        SvDbvAnswer.objects.counted()
        .reporting_programme()
        .filter(
            submission__received_at__gte=week.start,
            submission__received_at__lt=week.end,
            plan_published=YesNoNotSure.NO,
        )
        .values_list("submission_id", "local_authority__name")
    )
    item_fields = ("id", "reference", "received_at")
    follow_up = Submission.objects.filter(status=Status.FOLLOW_UP, restricted=False).order_by(
        "received_at", "id"
    )
    untriaged = Submission.objects.filter(status=Status.NEW, restricted=False).order_by("received_at", "id")

    reports_by_authority: dict[str, list[int]] = {}
    for submission_id, authority in without_plan:
        reports_by_authority.setdefault(authority or "Authority not given", []).append(submission_id)

    return Digest(
        week=week,
        generated_at=now,
        total=totals["total"],
        previous_total=totals["previous_total"],
        week_url=_admin_url(**week_filters),
        by_theme=[
            Line(theme.name, theme.n, _admin_url(themes__id__exact=theme.id, **week_filters))
            for theme in themes
        ],
        by_role=[
            Line(Role(row["role"]).label if row["role"] in Role.values else row["role"], row["n"])
            for row in roles
        ],
        by_authority=[
            Line(
                row["local_authority__name"],
                row["n"],
                _admin_url(local_authority__id__exact=row["local_authority_id"], **week_filters),
            )
            for row in authorities
        ],
        authority_not_given=totals["authority_not_given"],
        sv_dbv_without_plan=[
            Line(name, len(ids), _admin_url(id__in=",".join(str(i) for i in sorted(ids))))
            for name, ids in sorted(reports_by_authority.items(), key=lambda pair: (-len(pair[1]), pair[0]))
        ],
        follow_up=_items(follow_up.values(*item_fields)[:FOLLOW_UP_SHOWN], now),
        follow_up_total=totals["follow_up_total"],
        follow_up_url=_admin_url(status__exact=Status.FOLLOW_UP),
        oldest_untriaged=_items(untriaged.values(*item_fields)[:OLDEST_UNTRIAGED], now),
        untriaged_total=totals["untriaged_total"],
        untriaged_url=_admin_url(status__exact=Status.NEW),
        total_campaigns_once=totals["outside_campaigns"] + totals["campaign_groups"],
        campaign_groups=totals["campaign_groups"],
    )


def send_weekly_digest(*, week: IsoWeek | None = None) -> tuple[OutboundEmail | None, bool]:
    """Write the week's digest to the outbox and queue it, once per ISO week.

    Returns the row and whether this call wrote it; a second call for the same week builds nothing,
    writes nothing and queues nothing.
    """
    week = week or IsoWeek.last_complete()
    existing = OutboundEmail.objects.filter(idempotency_key=digest_key(week)).first()
    if existing is not None:
        return existing, False
    if not settings.EDUCATION_TEAM_EMAILS:
        log.warning("No digest for %s: EDUCATION_TEAM_EMAILS is empty.", week)
        return None, False
    with transaction.atomic():
        email, created = write_digest(build_digest(week))
        if created:
            send_after_commit(email)
    return email, created


def digest_key(week: IsoWeek) -> str:
    """One digest per ISO week: the outbox row's idempotency key (and so its Message-ID)."""
    return f"digest:{week}"


def digest_message(digest: Digest) -> Message:
    return make_message("digest", {"digest": digest})


def write_digest(digest: Digest) -> tuple[OutboundEmail, bool]:
    """The Education Team's weekly digest; ``created`` is False when that week's was already written."""
    return write_email(
        kind=OutboundEmail.Kind.DIGEST,
        key=digest_key(digest.week),
        to=settings.EDUCATION_TEAM_EMAILS,
        message=digest_message(digest),
    )
