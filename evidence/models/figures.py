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

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import QuerySet

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
    # The authority's code and the reported programme in one query.
    found = type(submission).objects.filter(pk=submission.pk)
    gss_code, reported = found.values_list("local_authority__gss_code", "sv_dbv__programme").first() or (
        None,
        None,
    )
    keys.append((WeeklyFigure.Dimension.AUTHORITY, gss_code or NOT_SAID))
    keys += [(WeeklyFigure.Dimension.THEME, slug) for slug in submission.theme_slugs]
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


# --- Many submissions at once ------------------------------------------------------------------------
# The demo seeding, restriction and erasure change the figures of many submissions together. On
# PostgreSQL that is one aggregate ``INSERT ... SELECT`` whatever their number (a million seeded rows in
# a few seconds); elsewhere (SQLite, small) the same counts are gathered in Python.


def count_in_all(submissions: "QuerySet[Submission]") -> None:
    """``count_in`` for every counted submission in ``submissions``, in one statement."""
    _add_all(submissions, +1)


def count_out_all(submissions: "QuerySet[Submission]") -> None:
    """``count_out`` for every counted submission in ``submissions``: call it before they stop counting."""
    _add_all(submissions, -1)


def _add_all(submissions: "QuerySet[Submission]", change: int) -> None:
    counted = submissions.model.objects.counted().filter(pk__in=submissions.order_by().values("pk"))
    if connection.vendor == "postgresql":
        _add_all_in_sql(counted, change)
    else:
        _add_all_in_python(counted, change)


def _add_all_in_sql(counted: "QuerySet[Submission]", change: int) -> None:
    from evidence.models.reference import LocalAuthority, Theme
    from evidence.models.submission import Submission, SvDbvAnswer

    try:
        ids_sql, params = counted.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # filtered on an empty list of ids: nothing to count
        return
    d = WeeklyFigure.Dimension
    table = WeeklyFigure._meta.db_table
    sql = f"""
        WITH s AS (
            SELECT s.id, s.role, s.phase, s.setting, COALESCE(la.gss_code, %s) AS authority,
                   to_char(s.received_at AT TIME ZONE 'Europe/London', 'IYYY-"W"IW') AS week
            FROM {Submission._meta.db_table} s
            LEFT JOIN {LocalAuthority._meta.db_table} la ON la.id = s.local_authority_id
            WHERE s.id IN ({ids_sql})
        )
        INSERT INTO {table} (week, dimension, value, count)
        SELECT week, dimension, value, %s * COUNT(*) FROM (
            SELECT week, %s AS dimension, '' AS value FROM s
            UNION ALL SELECT week, %s, role FROM s
            UNION ALL SELECT week, %s, phase FROM s
            UNION ALL SELECT week, %s, setting FROM s
            UNION ALL SELECT week, %s, authority FROM s
            UNION ALL SELECT s.week, %s, t.slug FROM s
                JOIN {Submission.themes.through._meta.db_table} st ON st.submission_id = s.id
                JOIN {Theme._meta.db_table} t ON t.id = st.theme_id
            UNION ALL SELECT s.week, %s, a.programme FROM s
                JOIN {SvDbvAnswer._meta.db_table} a ON a.submission_id = s.id WHERE a.programme <> ''
        ) AS keys
        GROUP BY week, dimension, value
        ORDER BY week, dimension, value
        ON CONFLICT (week, dimension, value) DO UPDATE SET count = {table}.count + EXCLUDED.count
    """  # noqa: S608 (table names from the models; every value is a parameter)
    values = [NOT_SAID, *params, change, d.ALL, d.ROLE, d.PHASE, d.SETTING, d.AUTHORITY, d.THEME, d.PROGRAMME]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _add_all_in_python(counted: "QuerySet[Submission]", change: int) -> None:
    totals: dict[tuple[str, str, str], int] = {}
    rows = counted.select_related("local_authority").prefetch_related("themes")
    for submission in rows.iterator(chunk_size=2000):
        week = str(week_of(submission))
        for dimension, value in figure_keys(submission):
            totals[week, dimension, value] = totals.get((week, dimension, value), 0) + change
    if not totals:
        return
    table, ordered = WeeklyFigure._meta.db_table, sorted(totals.items())
    for start in range(0, len(ordered), 200):  # SQLite's limit on parameters
        batch = ordered[start : start + 200]
        placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
        params = [part for (week, dimension, value), n in batch for part in (week, dimension, value, n)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (week, dimension, value, count) VALUES {placeholders} "  # noqa: S608
                f"ON CONFLICT (week, dimension, value) DO UPDATE SET count = {table}.count + EXCLUDED.count",
                params,
            )
