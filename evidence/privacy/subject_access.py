"""Subject access: everything held about a member, as one ZIP.

Rules:

- **Whose data**: the submissions asked for by reference, or every submission whose email matches the
  address given, whatever its case. Nothing else is guessed (a name is not enough to match on).
- **What the ZIP holds**: ``summary.html`` (plain, accessible HTML: no script, no style, no link out),
  ``data.json`` (every field of each submission and of its answers, its themes and staff themes, its
  files' metadata, the triage notes and history that concern it, the emails written to the member, and
  their saved forms), and the files themselves under ``files/<reference>/``.
- **Memory stays flat**: the ZIP is built in a ``SpooledTemporaryFile`` (in memory up to ``SPOOL_BYTES``,
  then on disk) and each file is copied through the attachment storage's API, never by path.
- **On record**: one ``AuditEvent`` SUBJECT_ACCESS per ZIP, naming the references only, never the address.
"""

import json
import re
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from evidence.mail.messages import acknowledgement_key
from evidence.models import (
    ANSWER_MODELS,
    Attachment,
    AuditEvent,
    OutboundEmail,
    SavedForm,
    Submission,
    SubmissionChange,
    Theme,
    TriageNote,
    answer_accessor,
    record_event,
)

SPOOL_BYTES = 8 * 1024 * 1024
COPY_CHUNK = 1024 * 1024
SUBMISSION_SKIPPED = {"id"}
ANSWER_SKIPPED = {"id", "submission"}


@dataclass
class PersonalData:
    """The ZIP, rewound and ready to read; the caller closes it."""

    file: IO[bytes]
    references: list[str]
    file_count: int


def submissions_for(*, email: str = "", references: Sequence[str] = ()) -> models.QuerySet[Submission]:
    """The member's submissions: by address (case-insensitive) or by reference, never both."""
    if email.strip():
        return Submission.objects.filter(email__iexact=email.strip())
    return Submission.objects.filter(reference__in=[r.strip().upper() for r in references])


def saved_forms_of(*, email: str) -> list[dict[str, Any]]:
    """The member's saved, unsent forms: when, until when, where they reopen, and all they hold."""
    if not email.strip():
        return []
    saved = SavedForm.objects.filter(email__iexact=email.strip()).order_by("created_at")
    return [
        {
            "saved_at": form.created_at,
            "link_works_until": form.expires_at,
            "status": form.get_status_display(),
            "reopens_at_step": form.step,
            "answers": form.state.get("answers", {}),
            "typed_but_not_yet_checked": (form.state.get("draft") or {}).get("data", {}),
            "files": [
                {
                    "name": upload["original_name"],
                    "content_type": upload["content_type"],
                    "size": upload["size"],
                }
                for upload in form.state.get("uploads", [])
            ],
        }
        for form in saved
    ]


def personal_data_zip(
    *, submissions: Iterable[Submission | int], by: str, via: str, email: str = ""
) -> PersonalData:
    """Build the ZIP for these submissions (``email``: the address asked about, to find their emails).

    ``by`` is the staff member's username (``''`` for a command); ``via`` says where it was asked for.
    """
    ids = [s if isinstance(s, int) else s.pk for s in submissions]
    rows = list(
        Submission.objects.filter(pk__in=ids)
        .select_related("local_authority", "assignee", *(answer_accessor(slug) for slug in ANSWER_MODELS))
        .prefetch_related(
            "themes",
            "staff_themes",
            "attachments",
            Prefetch("notes", queryset=TriageNote.objects.select_related("author")),
            Prefetch("changes", queryset=SubmissionChange.objects.select_related("changed_by")),
        )
        .order_by("received_at", "id")
    )
    spool: IO[bytes] = SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")  # noqa: SIM115
    file_count = 0
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        held, pages = [], []
        theme_names = dict(Theme.objects.values_list("slug", "name"))
        for submission in rows:
            record, page = _submission_record(submission, archive, theme_names)
            held.append(record)
            pages.append(page)
            file_count += sum(1 for a in record["attachments"] if a["in_zip"])
        data = {
            "about": (
                "Everything the NASUWT SEND evidence portal holds about the submissions listed, as on "
                "the date below. Files are in the folder files/, one folder per reference."
            ),
            "generated_at": timezone.now(),
            "submissions": held,
            "emails": _emails(rows, email=email),
            "saved_forms": saved_forms_of(email=email),
        }
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        summary = render_to_string("evidence/privacy/summary.html", {**data, "pages": pages})
        archive.writestr("summary.html", summary)
    spool.seek(0)
    references = [submission.reference for submission in rows]
    record_event(
        AuditEvent.Action.SUBJECT_ACCESS,
        actor=by,
        target=", ".join(references),
        detail=f"{via}: {len(references)} submission(s), {file_count} file(s)",
    )
    return PersonalData(file=spool, references=references, file_count=file_count)


# --- One submission -------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    label: str
    value: Any  # as held, for data.json
    shown: str  # as a person reads it, for summary.html


def _fields(obj: models.Model, skipped: set[str]) -> list[Field]:
    fields = []
    for model_field in obj._meta.concrete_fields:
        if model_field.name in skipped:
            continue
        value = getattr(obj, model_field.name)
        if isinstance(model_field, models.ForeignKey):
            value = str(value) if value is not None else None
        elif isinstance(model_field, models.FileField):
            value = value.name
        fields.append(
            Field(
                model_field.name,
                capfirst(str(model_field.verbose_name)),
                value,
                _shown(obj, model_field, value),
            )
        )
    return fields


def _shown(obj: models.Model, model_field: Any, value: Any) -> str:
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if value is None or value == "":
        return "Not given"
    return str(value)


def _submission_record(
    submission: Submission, archive: zipfile.ZipFile, theme_names: dict[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What data.json holds about one submission, and the same for summary.html with labels."""
    fields = _fields(submission, SUBMISSION_SKIPPED)
    record: dict[str, Any] = {field.name: field.value for field in fields}
    record["themes"] = [theme.name for theme in submission.themes.all()]
    record["staff_themes"] = [theme.name for theme in submission.staff_themes.all()]
    answers = _answers(submission, theme_names)
    record["answers"] = {slug: {f.name: f.value for f in answer} for slug, (_, answer) in answers.items()}
    attachments = []
    for attachment in submission.attachments.all():
        attachments.append(_attachment_record(attachment, archive, submission.reference))
    record["attachments"] = attachments
    record["triage_notes"] = [
        {"at": note.created_at, "by": note.author.get_username() if note.author else "", "text": note.text}
        for note in submission.notes.all()
    ]
    record["history"] = [
        {
            "at": change.changed_at,
            "by": change.changed_by.get_username() if change.changed_by else "",
            "field": change.field,
            "from": change.old_value,
            "to": change.new_value,
        }
        for change in submission.changes.all()
    ]
    page = {"record": record, "fields": fields, "answers": list(answers.values())}
    return record, page


def _answers(submission: Submission, theme_names: dict[str, str]) -> dict[str, tuple[str, list[Field]]]:
    answers = {}
    for slug in ANSWER_MODELS:
        try:
            answer = getattr(submission, answer_accessor(slug))
        except ObjectDoesNotExist:
            continue
        answers[slug] = (theme_names.get(slug, slug), _fields(answer, ANSWER_SKIPPED))
    return answers


def _safe_name(name: str) -> str:
    """The member's file name, made safe inside a ZIP: no folders, no dots in front, no odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^A-Za-z0-9._ -]", "_", base).lstrip(". ")[:100]
    return base or "file"


def _attachment_record(attachment: Attachment, archive: zipfile.ZipFile, reference: str) -> dict[str, Any]:
    record: dict[str, Any] = {f.name: f.value for f in _fields(attachment, ANSWER_SKIPPED)}
    in_zip = f"files/{reference}/{attachment.pk}-{_safe_name(attachment.original_name)}"
    storage = attachment.file.storage
    try:
        with storage.open(attachment.file.name, "rb") as source, archive.open(in_zip, "w") as target:
            shutil.copyfileobj(source, target, COPY_CHUNK)
    except FileNotFoundError:
        in_zip = ""
    record["in_zip"] = in_zip or None
    return record


def _emails(submissions: list[Submission], *, email: str) -> list[dict[str, Any]]:
    """The acknowledgements of these submissions, and anything else written to the address asked about."""
    wanted = Q(idempotency_key__in=[acknowledgement_key(s) for s in submissions])
    if email.strip():
        wanted |= Q(to__iexact=email.strip())
    return [
        {
            "kind": row.get_kind_display(),
            "to": row.to,
            "subject": row.subject,
            "text": row.text_body,
            "status": row.get_status_display(),
            "written_at": row.created_at,
            "sent_at": row.sent_at,
        }
        for row in OutboundEmail.objects.filter(wanted).order_by("created_at", "id")
    ]
