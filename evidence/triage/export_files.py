"""How an export leaves: streamed in the request when the list is short, written by the worker when long.

Rules:

- **One CSV, two writers.** ``csv_chunks`` is the file as bytes: PostgreSQL's COPY on PostgreSQL
  (``export_copy``), the Python path elsewhere (``export``); the two give the same bytes.
- **Long lists go to the worker.** Past ``EVIDENCE_EXPORT_IN_REQUEST_ROWS`` rows a request would
  outlive gunicorn's timeout: ``request_export_file`` records the export and, once the transaction
  commits, queues ``evidence.tasks.make_evidence_export`` (``heavy`` queue) by name, since the task is
  an entry point above this package. A broker that does not answer marks the export failed, with a
  reason its status page shows; the request never fails with it.
- **The worker** turns the list's query string back into the list (``list_submissions``, the admin's
  own filters and search), writes the CSV to a temporary file, then stores it privately through the
  evidence storage under ``exports/`` (local folder or S3 alike), reporting progress on the row.
- **Downloads are on record**: one audit event each, naming the export and its row count, never the
  filters (a search's words are often a member's name).
- **Files are deleted** after ``EVIDENCE_EXPORT_RETENTION_DAYS`` (``purge_expired_export_files``,
  daily); the row stays as the record of the export, marked "File deleted". The row is changed first
  and the file deleted after the commit, so a failed delete never leaves a row pointing at nothing.
"""

import logging
import tempfile
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager

from django.contrib.auth.models import User
from django.core.files import File
from django.db import connections, transaction
from django.utils import timezone

from evidence.background import queue_by_name
from evidence.models import AuditEvent, EvidenceExport, SubmissionQuerySet, record_event
from evidence.storage import evidence_storage
from evidence.triage.export import csv_lines
from evidence.triage.export_copy import copy_chunks

log = logging.getLogger(__name__)
MAKE_TASK = "evidence.tasks.make_evidence_export"
ListSubmissions = Callable[[str, User | None], SubmissionQuerySet]

NOT_QUEUED = (
    "The task queue did not answer, so the export was not started. Export the list again in a few "
    "minutes; if it keeps failing, tell the site's administrator."
)
NOT_WRITTEN = (
    "The export could not be written. Export the list again; if it keeps failing, tell the administrator."
)


def csv_chunks(
    queryset: SubmissionQuerySet,
    *,
    on_done: Callable[[int], None],
    on_progress: Callable[[int], None] = lambda rows: None,
) -> Iterator[bytes]:
    """The export of ``queryset`` as UTF-8 bytes with its BOM and header, by the fastest path."""
    if connections[queryset.db].vendor == "postgresql":
        return copy_chunks(queryset, on_done=on_done, on_progress=on_progress)
    return _encoded(csv_lines(queryset, on_done=on_done, on_progress=on_progress))


def _encoded(lines: Generator[str, None, None]) -> Iterator[bytes]:
    with closing(lines):  # a reader that stops early still gets the row count (csv_lines' finally)
        for line in lines:
            yield line.encode()


def is_long(queryset: SubmissionQuerySet, *, limit: int) -> bool:
    """More than ``limit`` rows would leave: counted up to ``limit + 1`` ids and no further."""
    ids = queryset.filter(restricted=False).order_by().values("pk")[: limit + 1]
    return ids.count() > limit


def request_export_file(*, by: User, filters: str) -> EvidenceExport:
    export = EvidenceExport.objects.create(
        exported_by=by, filters=filters[:1000], status=EvidenceExport.Status.QUEUED
    )
    export_id = export.pk
    transaction.on_commit(lambda: queue_export(export_id))
    return export


def queue_export(export_id: int) -> None:
    """Hand the export to the worker (in-process when tasks run eagerly)."""
    if not queue_by_name(MAKE_TASK, export_id, what="evidence export"):
        EvidenceExport.objects.filter(pk=export_id, status=EvidenceExport.Status.QUEUED).update(
            status=EvidenceExport.Status.FAILED, failure=NOT_QUEUED
        )


def make_export_file(*, export_id: int, list_submissions: ListSubmissions) -> EvidenceExport | None:
    """Write the export's CSV and store it; a redelivered task whose work is done does nothing."""
    export = EvidenceExport.objects.select_related("exported_by").filter(pk=export_id).first()
    if export is None or export.status not in (EvidenceExport.Status.QUEUED, EvidenceExport.Status.RUNNING):
        return export
    rows = EvidenceExport.objects.filter(pk=export_id)
    rows.update(status=EvidenceExport.Status.RUNNING, progress=1)
    try:
        queryset = list_submissions(export.filters, export.exported_by)
        total = max(1, queryset.filter(restricted=False).count())
        written: list[int] = []
        with tempfile.TemporaryFile() as scratch, _progress_writer(export_id, total) as progress:
            # unlinked at once, readable by this process alone
            for chunk in csv_chunks(queryset, on_done=written.append, on_progress=progress):
                scratch.write(chunk)
            size = scratch.tell()
            scratch.seek(0)
            name = evidence_storage().save(f"exports/{export.file_name}", File(scratch))
    except Exception as exc:
        rows.update(status=EvidenceExport.Status.FAILED, failure=NOT_WRITTEN)
        log.warning("Evidence export %s could not be written (%s).", export_id, type(exc).__name__)
        raise
    kept = rows.update(
        status=EvidenceExport.Status.READY,
        progress=100,
        file=name,
        size=size,
        row_count=written[0],
        finished_at=timezone.now(),
    )
    if not kept:  # the row went while the file was written: the file must not outlive it
        evidence_storage().delete(name)
        return None
    export.refresh_from_db()
    return export


@contextmanager
def _progress_writer(export_id: int, total: int) -> Iterator[Callable[[int], None]]:
    """Writes the per cent done on the export's row. On PostgreSQL through a connection of its own:
    the export's own connection is busy with COPY until the last row, and would wait on itself."""
    rows = EvidenceExport.objects.filter(pk=export_id)
    if connections[rows.db].vendor != "postgresql":

        def update(done: int) -> None:
            rows.update(progress=max(1, min(99, done * 100 // total)))

        yield update
        return
    side = connections.create_connection(rows.db)
    table = side.ops.quote_name(EvidenceExport._meta.db_table)

    def progress(done: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress = %s WHERE id = %s",  # noqa: S608 (the table's name only)
                [max(1, min(99, done * 100 // total)), export_id],
            )

    try:
        yield progress
    finally:
        side.close()


def record_download(*, export: EvidenceExport, by: User) -> None:
    record_event(
        AuditEvent.Action.DOWNLOAD_EXPORT,
        actor=by.get_username(),
        target=f"export {export.pk}",
        detail=f"{export.row_count} rows",
    )


def purge_expired_export_files() -> int:
    """Delete the files of exports past their retention; the rows stay, marked "File deleted"."""
    expired = list(EvidenceExport.objects.files_expired().values_list("pk", "file"))
    with transaction.atomic():
        EvidenceExport.objects.filter(pk__in=[pk for pk, _ in expired]).update(
            file="", status=EvidenceExport.Status.DELETED
        )

        def delete_files() -> None:
            storage = evidence_storage()
            for _, name in expired:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return len(expired)
