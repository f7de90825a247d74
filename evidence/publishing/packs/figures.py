"""The figures of a pack, counted in SQL: one aggregate query per table, whatever the number of
submissions (never a row per submission in Python).

Every count here is the true count; ``document`` passes each through disclosure control before it is
shown. A table's total is its own true count (submissions in the selection, or answers to the theme),
never a sum of the cells shown.
"""

from dataclasses import dataclass
from typing import cast
from zoneinfo import ZoneInfo

from django.db.models import Count, Field, Q, QuerySet
from django.db.models.functions import ExtractIsoYear, ExtractWeek

from evidence.choices import Phase, Role, Setting
from evidence.models import ANSWER_MODELS, Theme, ThemeAnswer
from evidence.publishing.packs.selection import Selection

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class CountTable:
    heading: str
    rows: list[tuple[str, int]]
    total: int
    total_label: str = "Total"
    chart: bool = True


@dataclass(frozen=True)
class PackFigures:
    submissions: int
    headline: list[CountTable]
    weeks: CountTable
    theme_tables: list[tuple[str, list[CountTable]]]


def by_choice(queryset: QuerySet, field: str, choices: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """One row per choice, in the choices' order, 0 where nobody chose it."""
    found = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
    rows = [(label, found.pop(value, 0)) for value, label in choices]
    # Values no longer among the choices (an old answer) are counted, not lost.
    rows += [(str(value or "Not given"), n) for value, n in sorted(found.items(), key=lambda kv: str(kv[0]))]
    return rows


def ticked(queryset: QuerySet, fields: list[str]) -> list[tuple[str, int]]:
    """How many answers ticked each box: one query for all of them."""
    counts = queryset.aggregate(**{name: Count("pk", filter=Q(**{name: True})) for name in fields})
    model = queryset.model
    labels = [str(model._meta.get_field(name).verbose_name) for name in fields]
    # "EHCP processes" keeps its capitals: only the first letter is raised.
    return [(label[:1].upper() + label[1:], counts[name]) for label, name in zip(labels, fields, strict=True)]


def weeks(selection: Selection) -> CountTable:
    rows = (
        selection.submissions.order_by()
        .annotate(
            year=ExtractIsoYear("received_at", tzinfo=LONDON), week=ExtractWeek("received_at", tzinfo=LONDON)
        )
        .values_list("year", "week")
        .annotate(n=Count("pk"))
        .order_by("year", "week")
    )
    table = [(f"{year}-W{week:02d}", n) for year, week, n in rows]
    return CountTable("Submissions by ISO week received", table, sum(n for _, n in table), chart=False)


def theme_answers(selection: Selection, slug: str) -> list[CountTable]:
    """The theme's own answers counted, for the submissions in the selection."""
    model: type[ThemeAnswer] = ANSWER_MODELS[slug]
    answers = model._default_manager.filter(submission__in=selection.submissions.order_by().values("pk"))
    total = answers.count()
    if not total:
        return []

    def choice_table(heading: str, field: str) -> CountTable:
        answer_field = cast(Field, model._meta.get_field(field))
        choices = [(str(v), str(label)) for v, label in answer_field.choices or []]
        return CountTable(heading, by_choice(answers, field, choices), total, "Answers")

    def boxes(heading: str, prefix: str) -> CountTable:
        fields = [f.name for f in model._meta.get_fields() if f.name.startswith(prefix)]
        return CountTable(heading, ticked(answers, fields), total, "Answers (a member may tick several)")

    if slug == Theme.SV_DBV:
        return [
            choice_table("Programme as the member reported it", "programme"),
            choice_table("Stage of the authority's plan", "plan_stage"),
            choice_table("Plan published", "plan_published"),
            boxes("Issues members reported", "problem_"),
        ]
    if slug == Theme.BANDING:
        return [choice_table("Experience of banding: problems against effective practice", "experience")]
    if slug == Theme.WORKLOAD:
        return [boxes("Causes of SEND workload", "cause_")]
    if slug == Theme.NOTIONAL_BUDGETS:
        return [
            choice_table(
                "Does the notional SEN budget cover the school's SEND needs?", "notional_budget_enough"
            )
        ]
    if slug == Theme.TRAINING:
        return [
            choice_table("Stage of training", "stage"),
            choice_table("How well it prepared them", "preparedness"),
        ]
    return [CountTable("Answers with further details", [("Answers", total)], total, chart=False)]


def count_figures(selection: Selection) -> PackFigures:
    submissions = selection.submissions
    total = submissions.count()
    headline = [
        CountTable("Submissions by role", by_choice(submissions, "role", Role.choices), total, "Submissions"),
        CountTable(
            "Submissions by phase", by_choice(submissions, "phase", Phase.choices), total, "Submissions"
        ),
        CountTable(
            "Submissions by type of setting",
            by_choice(submissions, "setting", Setting.choices),
            total,
            "Submissions",
        ),
    ]
    names = dict(Theme.objects.values_list("slug", "name"))
    tables = [(names.get(slug, slug), theme_answers(selection, slug)) for slug in selection.theme_slugs]
    return PackFigures(
        submissions=total,
        headline=headline,
        weeks=weeks(selection),
        theme_tables=[(name, found) for name, found in tables if found],
    )


__all__ = ["CountTable", "PackFigures", "count_figures"]
