"""The evidence export on PostgreSQL: the same CSV as ``evidence.triage.export``, written by ``COPY``.

Rules (the file is the Python path's, byte for byte; tests/evidence/triage/test_export_copy.py compares
the two on the same rows):

- **Which rows, in which order**: the queryset's own SQL (Django compiles it, with its parameters)
  gives the ids, restricted submissions left out, each with its place in the queryset's ordering
  (``ROW_NUMBER()`` over the same ``ORDER BY``). Our SELECT reads the columns for those ids alone.
- **No value is ever formatted into the SQL**: choice labels, the time zone, the formula starts and
  the suggestion state are parameters; only table and column names (from the models, quoted) are.
- **Cells as the Python path writes them**: labels for choices (the stored value when it has none),
  ``yes``/``no`` for ticked boxes, ISO 8601 in local time to the second, themes ``;``-joined in theme
  position order, open suggestions most confident first with 2-decimal confidences (``to_char`` on the
  float rounds as Python's ``:.2f`` does), a leading ``'`` for a text cell starting with a formula
  character, and an empty string written as NULL, since COPY would quote ``""`` where Python's csv
  writes nothing.
- **Lines end in CRLF**, as Python's csv writes them. PostgreSQL ends a row with LF and sends one row
  per message (the protocol's promise for COPY TO), so each message's last byte is the one to change;
  an LF inside a quoted cell is left alone, in both paths.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections, models
from django.db.backends.utils import CursorWrapper
from django.db.models import Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from evidence.choices import Phase, Priority, Role, Setting, Status
from evidence.models import (
    ANSWER_MODELS,
    Attachment,
    LocalAuthority,
    NearDuplicateGroup,
    Submission,
    SubmissionQuerySet,
    SubmissionSignature,
    Theme,
    ThemeSuggestion,
    TriageNote,
)
from evidence.triage.export import FORMULA_STARTS, HEADERS, header_line

BATCH_BYTES = 256 * 1024  # what is handed on at once: large enough that a million rows is few writes

# For the export's statement alone: set on its connection before the COPY and the session's own values
# put back after (not SET LOCAL: the request streams outside a transaction; behind a pooler in
# transaction mode they may miss the COPY's server connection: slower, still correct). Measured at
# 100,000 demo rows by the backend's own CPU time (bench/export_copy.py), PostgreSQL 15; decision 0069:
# - jit off: compiling this wide statement cost 0.7 s of 4 and saved nothing.
# - hash joins off: 2.0 -> 1.5 s. Every table is joined on the submission's id, each through an index
#   on it, so merge joins walk them in step; the planner costed eighteen hash joins as cheaper, but
#   probing their tables (the submissions' own is 38 MB) missed the CPU's cache at every level and
#   carried the wide row up through each. Shorter lists (a search, a filter) were faster too (3,396
#   rows: 0.31 -> 0.20 s).
# - work_mem: the final sort into the list's order. At 100,000 rows it spills 67 MB to disk, which cost
#   no CPU we could measure against 256 MB in memory (the temporary file stays in the page cache).
SESSION_SETTINGS = (("jit", "off"), ("enable_hashjoin", "off"), ("work_mem", "64MB"))


class _Select:
    """The SELECT being built, in two levels so that no parameter is written twice: the inner query
    reads each raw value once (labels chosen there, with their parameters); the outer one only escapes
    and formats the inner's columns, with no parameters of its own."""

    def __init__(self) -> None:
        self.inner: list[str] = []
        self.params: list[Any] = []  # the inner cells', in the order their %s appear
        self.outer: dict[str, str] = {}

    def value(self, expr: str, params: Iterable[Any] = ()) -> str:
        """A raw value read by the inner query; returns its name for the outer one."""
        name = f"c{len(self.inner)}"
        self.inner.append(f"{expr} AS {name}")
        self.params.extend(params)
        return f"v.{name}"

    def text(self, header: str, expr: str, params: Iterable[Any] = ()) -> None:
        """A formula start gets its apostrophe, and '' is NULL (an unquoted empty cell, as Python's)."""
        v = self.value(expr, params)
        self.outer[header] = (
            f"CASE WHEN ascii({v}) = ANY(f.starts) THEN '''' || {v} WHEN {v} <> '' THEN {v} END"
        )

    def label(self, header: str, expr: str, choices: Iterable[tuple[Any, Any]], *, cast: str = "") -> None:
        """The choice's label; the stored value itself when it has none."""
        whens, params = [], []
        for value, name in choices:
            whens.append("WHEN %s THEN %s")
            params += [value, str(name)]
        self.text(header, f"CASE {expr} {' '.join(whens)} ELSE {expr}{cast} END", params)

    def number(self, header: str, expr: str) -> None:
        self.outer[header] = self.value(expr)

    def yes_no(self, header: str, expr: str) -> None:
        v = self.value(expr)
        self.outer[header] = f"CASE WHEN {v} THEN 'yes' WHEN NOT {v} THEN 'no' END"

    def local_time(self, header: str, expr: str, time_zone: str) -> None:
        """ISO 8601 to the second with the zone's offset, as ``localtime(value).isoformat("seconds")``."""
        local = self.value(f"{expr} AT TIME ZONE %s", [time_zone])
        utc = self.value(f"{expr} AT TIME ZONE 'UTC'")
        offset = f"({local} - {utc})"
        sign = f"CASE WHEN {offset} < interval '0' THEN '-' ELSE '+' END"
        hours = f"to_char(greatest({offset}, -{offset}), 'HH24:MI')"
        self.outer[header] = f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || {sign} || {hours}"


def _table(model: type[models.Model], quote: Callable[[str], str]) -> str:
    return quote(model._meta.db_table)


def _chosen(queryset: SubmissionQuerySet) -> tuple[str, tuple[Any, ...]]:
    """The ids to export and their place in the queryset's order, as SQL with its parameters."""
    query = queryset.query
    ordering: list[Any] = list(query.order_by) or (
        list(Submission._meta.ordering or []) if query.default_ordering else []
    )
    ids = (
        queryset.filter(restricted=False)
        .prefetch_related(None)
        .order_by()
        .annotate(export_position=Window(RowNumber(), order_by=ordering or None))
        .values_list("pk", "export_position")
    )
    # query.sql_with_params(), for the queryset's own database
    return ids.query.get_compiler(using=queryset.db).as_sql()


def export_sql(queryset: SubmissionQuerySet) -> tuple[str, list[Any]]:
    """The SELECT whose rows are the export's rows, cell for cell, and its parameters."""
    quote = connections[queryset.db].ops.quote_name

    def col(model: type[models.Model], name: str, alias: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field) and field.column  # a column, never a relation's far end
        return f"{alias}.{quote(field.column)}"

    select = _Select()
    joins = [
        f"JOIN {_table(Submission, quote)} s ON s.id = c.id",
        f"LEFT JOIN {_table(LocalAuthority, quote)} la ON la.id = {col(Submission, 'local_authority', 's')}",
        f"LEFT JOIN {_table(get_user_model(), quote)} u ON u.id = {col(Submission, 'assignee', 's')}",
    ]
    join_params: list[Any] = []
    select.text("reference", col(Submission, "reference", "s"))
    select.local_time(
        "received_at", col(Submission, "received_at", "s"), timezone.get_current_timezone_name()
    )
    select.label("role", col(Submission, "role", "s"), Role.choices)
    select.text("role_other", col(Submission, "role_other", "s"))
    select.label("phase", col(Submission, "phase", "s"), Phase.choices)
    select.label("setting", col(Submission, "setting", "s"), Setting.choices)
    select.text("local_authority", col(LocalAuthority, "name", "la"))
    themes = list(Theme.objects.using(queryset.db).order_by("position", "pk").values_list("pk", "slug"))
    for header, alias, through in (("member_themes", "mt", "themes"), ("staff_themes", "st", "staff_themes")):
        if not themes:  # and so no submission has any
            select.text(header, "NULL::text")
            continue
        field = Submission._meta.get_field(through)
        joins.append(
            f"LEFT JOIN ({_themes(field, len(themes), quote)}) {alias} ON {alias}.submission_id = s.id"
        )
        join_params.extend(pk for pk, _ in themes)
        slugs = ", ".join(f"CASE WHEN {alias}.t{n} THEN %s END" for n in range(len(themes)))
        select.text(header, f"concat_ws(';', {slugs})", [slug for _, slug in themes])
    joins.append(f"LEFT JOIN ({_suggestions(quote)}) sg ON sg.submission_id = s.id")
    join_params.append(ThemeSuggestion.State.OPEN.value)
    select.text("suggested_themes", "sg.slugs")
    select.text("suggestion_confidence", "sg.confidences")
    for name in ("experience", "name", "email", "membership_number"):
        select.text(name, col(Submission, name, "s"))
    for name in ("consent_to_contact", "consent_to_quote"):
        select.yes_no(name, col(Submission, name, "s"))
    select.label("status", col(Submission, "status", "s"), Status.choices)
    select.text("assignee", "u.username")
    select.label("priority", col(Submission, "priority", "s"), Priority.choices, cast="::text")
    counted: tuple[tuple[str, str, type[models.Model]], ...] = (
        ("notes_count", "nc", TriageNote),
        ("attachments_count", "ac", Attachment),
    )
    for header, alias, counted_model in counted:
        joins.append(f"LEFT JOIN ({_counts(counted_model, quote)}) {alias} ON {alias}.submission_id = s.id")
        select.number(header, f"COALESCE({alias}.n, 0)")
    for n, model in enumerate(ANSWER_MODELS.values()):
        alias = f"a{n}"
        prefix = model._meta.get_field("submission").remote_field.related_name
        joins.append(f"LEFT JOIN {_table(model, quote)} {alias} ON {col(model, 'submission', alias)} = s.id")
        for field in model._meta.concrete_fields:
            if field.name in ("id", "submission"):
                continue
            header, cell = f"{prefix}_{field.name}", col(model, field.name, alias)
            if isinstance(field, models.ForeignKey):
                joins.append(f"LEFT JOIN {_table(LocalAuthority, quote)} {alias}la ON {alias}la.id = {cell}")
                select.text(header, col(LocalAuthority, "name", f"{alias}la"))
            elif isinstance(field, models.BooleanField):
                select.yes_no(header, cell)
            elif field.choices:
                select.label(header, cell, field.choices)
            else:
                select.text(header, cell)
    group_id = col(SubmissionSignature, "group", "sig")
    joins += [
        f"LEFT JOIN {_table(SubmissionSignature, quote)} sig "
        f"ON {col(SubmissionSignature, 'submission', 'sig')} = s.id",
        f"LEFT JOIN {_table(NearDuplicateGroup, quote)} g ON g.id = {group_id}",
        f"LEFT JOIN ({_group_sizes(quote)}) gs ON gs.group_id = {group_id}",
    ]
    select.number("group", group_id)
    select.number("group_size", "gs.n")
    select.yes_no("group_is_campaign", col(NearDuplicateGroup, "is_campaign", "g"))

    if list(select.outer) != HEADERS:  # a column added to one path and not the other
        raise AssertionError(f"COPY columns out of step: {set(select.outer) ^ set(HEADERS)}")
    chosen_sql, chosen_params = _chosen(queryset)
    # Only names are formatted in; every value is a parameter, listed in the order its %s appears.
    sql = (
        f"WITH c (id, position) AS MATERIALIZED ({chosen_sql}), "  # noqa: S608
        "f (starts) AS (SELECT %s::int[]) "  # the formula starts' code points: ascii() is cheaper than left()
        f"SELECT {', '.join(select.outer.values())} "
        # OFFSET 0 keeps the inner query whole, so each raw value is worked out once, not once for each
        # time the outer query names it.
        f"FROM (SELECT c.position, {', '.join(select.inner)} FROM c {' '.join(joins)} OFFSET 0) v "
        "CROSS JOIN f ORDER BY v.position"
    )
    return sql, [*chosen_params, [ord(start) for start in FORMULA_STARTS], *select.params, *join_params]


def _themes(field: Any, count: int, quote: Callable[[str], str]) -> str:
    """Whether each submission has each theme (``t0``, ``t1``, ... in theme order; the themes' ids are
    the parameters). The slugs are then joined in that order with no sort for each submission: 0.08 s of
    1.5 at 100,000 rows, against ``string_agg(slug ORDER BY position)``."""
    through = field.remote_field.through
    theme_column = quote(through._meta.get_field("theme").column)
    has = ", ".join(f"bool_or(t.{theme_column} = %s) AS t{n}" for n in range(count))
    return (
        f"SELECT t.submission_id, {has} FROM {_table(through, quote)} t "  # noqa: S608
        "WHERE t.submission_id IN (SELECT id FROM c) GROUP BY t.submission_id"
    )


def _suggestions(quote: Callable[[str], str]) -> str:
    """Open suggestions (the state is the one parameter), most confident first."""
    order = "ts.confidence DESC, th.position"
    return (
        f"SELECT ts.submission_id, string_agg(th.slug, ';' ORDER BY {order}) AS slugs, "  # noqa: S608
        f"string_agg(to_char(ts.confidence, 'FM0.00'), ';' ORDER BY {order}) AS confidences "
        f"FROM {_table(ThemeSuggestion, quote)} ts JOIN {_table(Theme, quote)} th ON th.id = ts.theme_id "
        "WHERE ts.state = %s AND ts.submission_id IN (SELECT id FROM c) GROUP BY ts.submission_id"
    )


def _counts(model: type[models.Model], quote: Callable[[str], str]) -> str:
    return (
        f"SELECT submission_id, count(*) AS n FROM {_table(model, quote)} "  # noqa: S608
        "WHERE submission_id IN (SELECT id FROM c) GROUP BY submission_id"
    )


def _group_sizes(quote: Callable[[str], str]) -> str:
    """Only the groups the chosen submissions are in: never a count over every group there is."""
    signature = _table(SubmissionSignature, quote)
    return (
        f"SELECT group_id, count(*) AS n FROM {signature} WHERE group_id IN "  # noqa: S608
        f"(SELECT group_id FROM {signature} WHERE submission_id IN (SELECT id FROM c)) GROUP BY group_id"
    )


def copy_chunks(
    queryset: SubmissionQuerySet,
    *,
    on_done: Callable[[int], None],
    on_progress: Callable[[int], None] = lambda rows: None,
) -> Iterator[bytes]:
    """The CSV as bytes, in batches of about ``BATCH_BYTES``; ``on_done`` gets the rows that left, even
    when the reader stops early."""
    select, params = export_sql(queryset)
    sent = 0
    try:
        yield header_line().encode()
        batch = bytearray()
        rows = 0
        statement = f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"
        with (
            connections[queryset.db].cursor() as cursor,
            statement_settings(cursor),
            cursor.cursor.copy(statement, params) as copy,
        ):
            for row in copy:  # one row per message, ending in LF: CRLF in its place
                batch += row
                batch[-1:] = b"\r\n"
                rows += 1
                if len(batch) >= BATCH_BYTES:
                    sent += rows
                    yield bytes(batch)
                    on_progress(sent)
                    batch, rows = bytearray(), 0
        if rows:
            sent += rows
            yield bytes(batch)
    finally:
        on_done(sent)


@contextmanager
def statement_settings(cursor: CursorWrapper) -> Iterator[None]:
    """``SESSION_SETTINGS`` while the export's statement runs; the session's own values back after."""
    names = [name for name, _ in SESSION_SETTINGS]
    cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
    before = cursor.fetchone()
    for name, value in SESSION_SETTINGS:
        cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    try:
        yield
    finally:
        for name, value in zip(names, before, strict=True):
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
