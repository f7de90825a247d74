"""The evidence export: one CSV row per submission, every answer in its own column.

The columns are listed in docs/export-columns.md (a test keeps the two in step). This is the path
everywhere but PostgreSQL, where ``evidence.triage.export_copy`` writes the same file with COPY. Rows
come from one ``values()`` query read with ``.iterator(chunk_size=2000)``; the member's and staff's
themes are fetched per chunk of 2,000, so memory stays flat however many rows leave. Every text cell
that a spreadsheet would read as a formula gets a leading apostrophe. Restricted submissions are left
out, whatever the selection: a member asked us to stop processing them (``evidence.privacy.restriction``).
"""

import csv
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils.timezone import localtime

from evidence.choices import Phase, Priority, Role, Setting, Status
from evidence.models import (
    ANSWER_MODELS,
    EvidenceExport,
    Submission,
    SubmissionQuerySet,
    ThemeSuggestion,
    TriageNote,
    answer_accessor,
    count_of,
    group_size,
)

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    lookup: str = ""  # the values() lookup; empty for the per-chunk theme columns
    labels: dict[Any, str] | None = None  # choice value -> label


BASE_COLUMNS = [
    Column("reference", "reference"),
    Column("received_at", "received_at"),
    Column("role", "role", dict(Role.choices)),
    Column("role_other", "role_other"),
    Column("phase", "phase", dict(Phase.choices)),
    Column("setting", "setting", dict(Setting.choices)),
    Column("local_authority", "local_authority__name"),
    Column("member_themes"),
    Column("staff_themes"),
    Column("suggested_themes"),  # open theme suggestions (evidence.analysis), most confident first
    Column("suggestion_confidence"),
    Column("experience", "experience"),
    Column("name", "name"),
    Column("email", "email"),
    Column("membership_number", "membership_number"),
    Column("consent_to_contact", "consent_to_contact"),
    Column("consent_to_quote", "consent_to_quote"),
    Column("status", "status", dict(Status.choices)),
    Column("assignee", "assignee__username"),
    Column("priority", "priority", dict(Priority.choices)),
    Column("notes_count", "notes_count"),
    Column("attachments_count", "attachment_total"),
]


def _answer_columns() -> list[Column]:
    columns = []
    for slug, model in ANSWER_MODELS.items():
        prefix = answer_accessor(slug)
        for field in model._meta.concrete_fields:
            if field.name in ("id", "submission"):
                continue
            lookup = f"{prefix}__{field.name}"
            if isinstance(field, models.ForeignKey):
                lookup += "__name"
            labels = dict(field.choices) if field.choices else None
            columns.append(Column(f"{prefix}_{field.name}", lookup, labels))
    return columns


# Near-duplicate groups (issue 13): empty when the submission is in no group.
GROUP_COLUMNS = [
    Column("group", "signature__group_id"),
    Column("group_size", "group_total"),
    Column("group_is_campaign", "signature__group__is_campaign"),
]

COLUMNS = BASE_COLUMNS + _answer_columns() + GROUP_COLUMNS
HEADERS = [column.header for column in COLUMNS]


def neutralise(value: object) -> str:
    """A cell as text, safe to open in a spreadsheet: no formulas, ``True`` as ``yes``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return localtime(value).isoformat(timespec="seconds")
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _themes_by_submission(through: type[models.Model], ids: list[int]) -> dict[int, str]:
    found: defaultdict[int, list[str]] = defaultdict(list)
    rows = through._default_manager.filter(submission_id__in=ids).order_by("theme__position")
    for submission_id, slug in rows.values_list("submission_id", "theme__slug"):
        found[submission_id].append(slug)
    return {pk: ";".join(slugs) for pk, slugs in found.items()}


def _suggestions_by_submission(ids: list[int]) -> dict[int, tuple[str, str]]:
    """Open theme suggestions, most confident first: (slugs, confidences), each ``;``-separated."""
    found: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = ThemeSuggestion.objects.filter(submission_id__in=ids, state=ThemeSuggestion.State.OPEN)
    ordered = rows.order_by("submission_id", "-confidence", "theme__position")
    for submission_id, slug, confidence in ordered.values_list("submission_id", "theme__slug", "confidence"):
        found[submission_id].append((slug, f"{confidence:.2f}"))
    return {pk: (";".join(s for s, _ in pairs), ";".join(c for _, c in pairs)) for pk, pairs in found.items()}


def _chunk_rows(chunk: list[dict[str, Any]]) -> Iterator[list[str]]:
    ids = [row["pk"] for row in chunk]
    member = _themes_by_submission(Submission.themes.through, ids)
    staff = _themes_by_submission(Submission.staff_themes.through, ids)
    suggested = _suggestions_by_submission(ids)
    for row in chunk:
        cells = []
        for column in COLUMNS:
            if column.header == "member_themes":
                value = member.get(row["pk"], "")
            elif column.header == "staff_themes":
                value = staff.get(row["pk"], "")
            elif column.header == "suggested_themes":
                value = suggested.get(row["pk"], ("", ""))[0]
            elif column.header == "suggestion_confidence":
                value = suggested.get(row["pk"], ("", ""))[1]
            else:
                value = row[column.lookup]
                if column.labels and value in column.labels:
                    value = column.labels[value]
            cells.append(neutralise(value))
        yield cells


def submission_rows(queryset: SubmissionQuerySet) -> Iterator[list[str]]:
    """The rows of the export for ``queryset`` (restricted submissions left out), read in chunks; the
    header is not included."""
    values = (
        queryset.filter(restricted=False)
        .prefetch_related(None)
        .with_attachment_count()
        .annotate(notes_count=count_of(TriageNote), group_total=group_size())
        .values("pk", *[column.lookup for column in COLUMNS if column.lookup])
    )
    chunk: list[dict[str, Any]] = []
    for row in values.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _chunk_rows(chunk)
            chunk = []
    if chunk:
        yield from _chunk_rows(chunk)


class _Echo:
    def write(self, value: str) -> str:
        return value


def header_line() -> str:
    """The byte-order mark (so Excel reads UTF-8) and the header row."""
    return "\ufeff" + csv.writer(_Echo()).writerow(HEADERS)


def csv_lines(
    queryset: SubmissionQuerySet,
    *,
    on_done: Callable[[int], None],
    on_progress: Callable[[int], None] = lambda rows: None,
) -> Generator[str, None, None]:
    """The CSV text line by line; ``on_done`` gets the row count, even when the download is cut short,
    and ``on_progress`` the count so far after each chunk."""
    writer = csv.writer(_Echo())
    count = 0
    try:
        yield header_line()
        for cells in submission_rows(queryset):
            count += 1
            yield writer.writerow(cells)
            if count % CHUNK == 0:
                on_progress(count)
    finally:
        on_done(count)


@transaction.atomic
def record_export(*, by: User, filters: str) -> EvidenceExport:
    """Written before the first row leaves, so even an export cut short is on record."""
    return EvidenceExport.objects.create(exported_by=by, filters=filters[:1000], row_count=0)


def finish_export(*, export: EvidenceExport, row_count: int) -> None:
    EvidenceExport.objects.filter(pk=export.pk).update(row_count=row_count)
    export.row_count = row_count
