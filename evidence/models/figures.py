"""The weekly figures: counts that outlive the words they were counted from.

Rules (the architecture's "Shared pieces"):

- **One rollup.** Per ISO week (London time, ``evidence.weeks``), one count per value of each dimension
  on its own: all submissions, theme (the member's own choice), role, phase, setting, authority (GSS
  code, or ``not-said``) and programme as the member reported it. Never a cross-product of two
  dimensions, so no row can single a member out.
- **What counts.** Every submission that is neither spam nor restricted, live or purged.
- **Kept current** in the same transaction as the change: ``count_in`` when a submission is recorded,
  unmarked as spam or unrestricted; ``count_out`` when it is marked spam, restricted or erased on
  request. The retention purge deletes submissions without calling either: their figures stay.
- **No lost updates.** Each change is one ``INSERT ... ON CONFLICT DO UPDATE count = count + n``, with
  the rows always in the same order, so two members sending at once never deadlock or miss a count.
"""

from typing import TYPE_CHECKING

from django.db import connection, models

from evidence.weeks import IsoWeek

if TYPE_CHECKING:
    from evidence.models.submission import Submission

NOT_SAID = "not-said"


class WeeklyFigure(models.Model):
    class Dimension(models.TextChoices):
        ALL = "all", "All submissions"
        THEME = "theme", "Theme"
        ROLE = "role", "Role"
        PHASE = "phase", "Phase"
        SETTING = "setting", "Type of setting"
        AUTHORITY = "authority", "Local authority"
        PROGRAMME = "programme", "Programme as reported"

    week = models.CharField(max_length=8, help_text="An ISO week, such as 2026-W48.")
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    value = models.CharField(max_length=40, blank=True, help_text="Empty for the 'all' dimension.")
    count = models.IntegerField(default=0)

    class Meta:
        ordering = ["week", "dimension", "value"]
        constraints = [
            models.UniqueConstraint(fields=["week", "dimension", "value"], name="weekly_figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.dimension}={self.value}: {self.count}"


def is_counted(submission: "Submission") -> bool:
    from evidence.choices import Status

    return submission.status != Status.SPAM and not submission.restricted


def figure_keys(submission: "Submission") -> list[tuple[str, str]]:
    """The (dimension, value) rows one submission adds 1 to. Reads its themes and SV/DBV answer."""
    keys: list[tuple[str, str]] = [
        (WeeklyFigure.Dimension.ALL, ""),
        (WeeklyFigure.Dimension.ROLE, submission.role),
        (WeeklyFigure.Dimension.PHASE, submission.phase),
        (WeeklyFigure.Dimension.SETTING, submission.setting),
    ]
    authority = submission.local_authority.gss_code if submission.local_authority_id else NOT_SAID  # type: ignore[union-attr]
    keys.append((WeeklyFigure.Dimension.AUTHORITY, authority))
    keys += [(WeeklyFigure.Dimension.THEME, slug) for slug in submission.theme_slugs]
    programme = type(submission).objects.filter(pk=submission.pk).values_list("sv_dbv__programme", flat=True)
    reported = next(iter(programme), None)
    if reported:
        keys.append((WeeklyFigure.Dimension.PROGRAMME, reported))
    return sorted(set(keys))


def week_of(submission: "Submission") -> IsoWeek:
    return IsoWeek.current(submission.received_at)


def _add(submission: "Submission", change: int) -> None:
    week = str(week_of(submission))
    rows = [(week, dimension, value, change) for dimension, value in figure_keys(submission)]
    table = WeeklyFigure._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = [part for row in rows for part in row]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (week, dimension, value, count) VALUES {placeholders} "  # noqa: S608
            f"ON CONFLICT (week, dimension, value) DO UPDATE SET count = {table}.count + EXCLUDED.count",
            params,
        )


def count_in(submission: "Submission") -> None:
    """Add a submission to its week's figures: when recorded, unmarked as spam, or unrestricted."""
    _add(submission, +1)


def count_out(submission: "Submission") -> None:
    """Take a submission out of its week's figures: marked spam, restricted, or erased on request."""
    _add(submission, -1)
