"""The submission list's filters that are more than a column's choices.

No filter duplicates rows or needs DISTINCT, and none runs a query of its own beyond listing its choices.

The theme reads a column kept for it (``Submission.theme_flags``). The known programme is shaped for
the list's ``ORDER BY received_at DESC LIMIT 50`` at a million rows (bench/stack/admin_filters.py, EXPLAIN
ANALYZE at 1,000,000 submissions): ``EXISTS ... OR EXISTS ...`` makes PostgreSQL hash every matching
row of both tables before the first row (139,000 SV/DBV answers, 113 ms; 250,000 theme links,
227 ms), where the list needs about 200 rows' worth.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest

from evidence.admin.access import staff_member
from evidence.admin.querysets import submission_queryset
from evidence.choices import IN_A_PROGRAMME, KnownProgramme, Programme
from evidence.models import ProgrammeMembership, Submission, SvDbvAnswer, Theme
from evidence.models.theme_flags import THEME_BITS
from evidence.triage.access import education_team_members

THEME_SHORT_NAMES = {
    Theme.WORKLOAD: "Workload",
    Theme.BANDING: "Banding",
    Theme.NOTIONAL_BUDGETS: "Budgets",
    Theme.TRAINING: "Training",
    Theme.SV_DBV: "SV/DBV",
    Theme.GENERAL: "General",
}

MemberThemes = Submission.themes.through
StaffThemes = Submission.staff_themes.through


class ThemeFilter(admin.SimpleListFilter):
    """A theme the member chose or staff added."""

    title = "theme (member's or staff's)"
    parameter_name = "theme"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(THEME_SHORT_NAMES.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
        bit = THEME_BITS.get(self.value() or "")
        if bit is None:
            return queryset
        # A column of the row (evidence.models.theme_flags), read as the list walks the newest-first
        # index: EXISTS over both link tables cost 250-400 ms at a million rows, this a few.
        return queryset.alias(theme_bit=F("theme_flags").bitand(bit)).filter(theme_bit__gt=0)


# Choice -> the programmes that count, for both programme filters.
PROGRAMME_CHOICES = [
    ("sv", "Safety Valve"),
    ("dbv", "Delivering Better Value"),
    ("either", "Either programme"),
]
REPORTED: dict[str, tuple[str, ...]] = {
    "sv": (Programme.SV, Programme.BOTH),
    "dbv": (Programme.DBV, Programme.BOTH),
    "either": IN_A_PROGRAMME,
    "neither": (Programme.NEITHER, Programme.NOT_SURE),
}
KNOWN = {"sv": [KnownProgramme.SV], "dbv": [KnownProgramme.DBV], "either": list(KnownProgramme)}


class ReportedProgrammeFilter(admin.SimpleListFilter):
    """What the member told us in their SV/DBV answers."""

    title = "programme (as the member reported it)"
    parameter_name = "reported_programme"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [*PROGRAMME_CHOICES, ("neither", "Neither or not sure")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
        value = self.value()
        if value in REPORTED:
            return submission_queryset(queryset).reporting_programme(REPORTED[value])
        return queryset


class KnownProgrammeFilter(admin.SimpleListFilter):
    """Whether the member's authority (about them, or in their SV/DBV answer) is on our known list."""

    title = "programme (on our known list)"
    parameter_name = "known_programme"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [*PROGRAMME_CHOICES, ("none", "Not on the list")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
        value = self.value()
        if value not in (*KNOWN, "none"):
            return queryset
        programmes = KNOWN.get(value, list(KnownProgramme))
        known = ProgrammeMembership.objects.filter(programme__in=programmes)
        if value == "none":
            about_you = Exists(known.filter(local_authority=OuterRef("local_authority")))
            in_answer = Exists(
                SvDbvAnswer.objects.filter(
                    submission=OuterRef("pk"),
                    local_authority__programme_memberships__programme__in=programmes,
                )
            )
            return queryset.filter(~about_you & ~in_answer)
        # A column of the row and of its one SV/DBV answer (a LEFT JOIN on a unique key, so no row
        # twice): the list walks the newest-first index, the capped count merges the two primary
        # keys' orders (list 113 -> 6 ms, count 188 -> 39 ms at a million). "none" keeps NOT EXISTS,
        # which PostgreSQL turns into anti-joins, and which counts a missing authority as not known.
        authorities = known.values("local_authority")
        return queryset.filter(
            Q(local_authority__in=authorities) | Q(sv_dbv__local_authority__in=authorities)
        )


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        people = [(str(u.pk), u.get_full_name() or u.get_username()) for u in education_team_members()]
        return [("me", "Assigned to me"), ("none", "Unassigned"), *people]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=staff_member(request))
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset
