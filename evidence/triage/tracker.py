"""The local authority tracker: what we know of each authority's SV/DBV place beside what members say.

The authorities and their known memberships are read on every request (staff record memberships and
expect to see them at once). Members' reports are two grouped counts (members naming the authority
about themselves; SV/DBV answers about it), merged per authority by ``report_counts``: whole-table
aggregates, so on a large installation the page takes them from ``evidence.triage.figures``, counted
at most a minute or two before. Spam and restricted submissions are left out, and the figures are the
live rows: a purged or erased submission no longer counts here.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Max, Q

from evidence.choices import IN_A_PROGRAMME, KnownProgramme, Programme, YesNoNotSure
from evidence.models import LocalAuthority, ProgrammeMembership, Submission, SvDbvAnswer

FILTERS = {
    "not-on-list": "Reported in SV/DBV by members but not on our list",
    "no-plan": "Reported in SV/DBV with no published plan",
}


@dataclass
class ReportCounts:
    """What members report about one authority (spam and restricted left out)."""

    reports: int = 0
    reported_sv: int = 0
    reported_dbv: int = 0
    in_programme: int = 0
    no_plan: int = 0
    in_programme_no_plan: int = 0
    latest: datetime | None = None


@dataclass
class AuthorityRow(ReportCounts):
    authority: LocalAuthority = field(kw_only=True)
    memberships: list[ProgrammeMembership] = field(default_factory=list, kw_only=True)

    def _known(self, programme: str) -> bool:
        return any(m.programme == programme for m in self.memberships)

    @property
    def known_sv(self) -> bool:
        return self._known(KnownProgramme.SV)

    @property
    def known_dbv(self) -> bool:
        return self._known(KnownProgramme.DBV)

    @property
    def plan_links(self) -> list[str]:
        return [m.plan_published_url for m in self.memberships if m.plan_published_url]

    @property
    def not_on_list(self) -> bool:
        """Members put it in a programme our list does not have it in."""
        return bool((self.reported_sv and not self.known_sv) or (self.reported_dbv and not self.known_dbv))


def _latest(*values: datetime | None) -> datetime | None:
    present = [value for value in values if value]
    return max(present) if present else None


def report_counts() -> dict[int, ReportCounts]:
    """Members' reports per authority id (authorities nobody named are absent): two grouped queries."""
    about_you = (
        Submission.objects.counted()
        .filter(local_authority__isnull=False)
        .order_by()
        .values("local_authority")
        .annotate(n=Count("*"), latest=Max("received_at"))
    )
    answers = (
        SvDbvAnswer.objects.counted()
        .filter(local_authority__isnull=False)
        .order_by()
        .values("local_authority")
        .annotate(
            n=Count("pk"),
            both_places=Count("pk", filter=Q(submission__local_authority=F("local_authority"))),
            sv=Count("pk", filter=Q(programme__in=[Programme.SV, Programme.BOTH])),
            dbv=Count("pk", filter=Q(programme__in=[Programme.DBV, Programme.BOTH])),
            in_programme=Count("pk", filter=Q(programme__in=IN_A_PROGRAMME)),
            no_plan=Count("pk", filter=Q(plan_published=YesNoNotSure.NO)),
            in_programme_no_plan=Count(
                "pk", filter=Q(programme__in=IN_A_PROGRAMME, plan_published=YesNoNotSure.NO)
            ),
            latest=Max("submission__received_at"),
        )
    )
    counts: dict[int, ReportCounts] = {}
    for found in about_you:
        row = counts.setdefault(found["local_authority"], ReportCounts())
        row.reports += found["n"]
        row.latest = _latest(row.latest, found["latest"])
    for found in answers:
        row = counts.setdefault(found["local_authority"], ReportCounts())
        # A member who names the same authority in both places is one report, not two.
        row.reports += found["n"] - found["both_places"]
        row.reported_sv, row.reported_dbv = found["sv"], found["dbv"]
        row.in_programme, row.no_plan = found["in_programme"], found["no_plan"]
        row.in_programme_no_plan = found["in_programme_no_plan"]
        row.latest = _latest(row.latest, found["latest"])
    return counts


def authority_rows(show: str = "", counts: dict[int, ReportCounts] | None = None) -> list[AuthorityRow]:
    """Every authority (or those ``show`` picks) with its memberships and members' reports: ``counts``
    as ``report_counts`` gives them, counted now when not given."""
    counts = report_counts() if counts is None else counts
    # Memberships in one query, sorted out here: a related manager per authority cost more than the query.
    memberships: dict[int, list[ProgrammeMembership]] = {}
    for membership in ProgrammeMembership.objects.order_by("local_authority", "programme"):
        memberships.setdefault(membership.local_authority_id, []).append(membership)
    result = [
        AuthorityRow(
            **vars(counts.get(la.pk, ReportCounts())), authority=la, memberships=memberships.get(la.pk, [])
        )
        for la in LocalAuthority.objects.order_by("name")
    ]
    if show == "not-on-list":
        result = [row for row in result if row.not_on_list]
    elif show == "no-plan":
        result = [row for row in result if row.in_programme_no_plan]
    return result
