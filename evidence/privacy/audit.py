"""What the audit log records about staff reading evidence, and how long it keeps it.

Rules (the log itself is ``evidence.models.audit``: append-only, pointers kept as text):

- **What is recorded**, one ``AuditEvent`` each: a staff member opening a submission's page (GET only;
  saving it is a triage change, recorded in its history), downloading a member's file (the reference
  and the file's id, never its name, which is the member's words), searching the submission list (the
  term is kept, since the search is often for a name: the privacy notice says so), exporting evidence
  (beside its ``EvidenceExport`` row, which gets the row count), and every sign-in to the admin: a
  staff member signing in and out, and every failed attempt with the username typed (never the
  password). Subject access and corrections record their own events in their modules.
- **Who is the actor**: the staff member's username, as text; ``''`` for a command run on the server.
  For a failed sign-in it is the username typed, which may belong to nobody.
- **Retention**: ``purge_access_log`` is the only code that deletes events: those older than
  ``ACCESS_LOG_RETENTION_DAYS`` days, in batches of ``PURGE_BATCH`` so each DELETE holds its locks
  briefly. A daily beat task and ``manage.py purge_access_log`` call it.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from evidence.models import Attachment, AuditEvent, EvidenceExport, Submission, record_event

PURGE_BATCH = 5000

Action = AuditEvent.Action


def record_view(*, by: str, submission: Submission) -> AuditEvent:
    return record_event(Action.VIEW_SUBMISSION, actor=by, target=submission.reference)


def record_download(*, by: str, attachment: Attachment) -> AuditEvent:
    """``attachment.submission`` should come with it (select_related): one query less per download."""
    return record_event(
        Action.DOWNLOAD_FILE, actor=by, target=f"{attachment.submission.reference} file {attachment.pk}"
    )


def record_search(*, by: str, term: str) -> AuditEvent | None:
    """The term as typed (trimmed); nothing is recorded for an empty search."""
    term = term.strip()
    if not term:
        return None
    return record_event(Action.SEARCH, actor=by, detail=term)


def record_export(*, by: str, export: EvidenceExport) -> AuditEvent:
    """Points at the export's own row, which counts the rows once the last has left."""
    return record_event(Action.EXPORT, actor=by, target=f"export {export.pk}", detail=export.filters)


# --- Sign-ins ---------------------------------------------------------------------------------------


def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and user.is_staff:
        record_event(Action.SIGN_IN, actor=user.get_username())


def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and user.is_staff:
        record_event(Action.SIGN_OUT, actor=user.get_username())


def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password in ``credentials``; only the username is read anyway.
    typed = str(credentials.get(get_user_model().USERNAME_FIELD) or "")
    record_event(Action.SIGN_IN_FAILED, actor=typed, detail="the username typed")


def connect_sign_in_signals() -> None:
    """Called once from ``EvidenceConfig.ready``."""
    user_logged_in.connect(_signed_in, dispatch_uid="evidence.privacy.audit.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="evidence.privacy.audit.signed_out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="evidence.privacy.audit.sign_in_failed")


# --- Retention --------------------------------------------------------------------------------------


def access_log_cutoff(*, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)


def purge_access_log(*, now: datetime | None = None, batch_size: int = PURGE_BATCH) -> int:
    """Delete events older than the retention period, batch by batch; returns how many went.

    Each batch is its own statement in autocommit, so a purge stopped half-way (a time limit, a
    restart) has deleted whole batches and the next run carries on. Events are never updated.
    """
    cutoff = access_log_cutoff(now=now)
    deleted = 0
    while True:
        ids = list(
            AuditEvent.objects.filter(at__lt=cutoff)
            .order_by("at", "id")
            .values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            return deleted
        count, _ = AuditEvent.objects.filter(id__in=ids).delete()
        deleted += count
