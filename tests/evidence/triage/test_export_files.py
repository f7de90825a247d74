"""A long export's life (evidence.triage.export_files): recorded, queued, written to a private file by
the worker (tasks run in-process here), downloaded on record, its file deleted after the retention
period while its row stays. The admin's pages are tests/evidence/admin/test_exports.py."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.admin.pack_list import list_submissions
from evidence.models import AuditEvent, EvidenceExport, Submission
from evidence.storage import evidence_storage
from evidence.triage import export_files
from tests.factories import SubmissionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]


def stored_rows(export: EvidenceExport) -> list[dict[str, str]]:
    with evidence_storage().open(export.file.name, "rb") as stored:
        text = stored.read().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_the_worker_writes_the_list_to_a_private_file_with_its_count(
    alice, django_capture_on_commit_callbacks
):
    wanted = SubmissionFactory.create_batch(3, role="senco")
    SubmissionFactory(role="other")
    SubmissionFactory(role="senco", restricted=True)

    with django_capture_on_commit_callbacks(execute=True):
        export = export_files.request_export_file(by=alice, filters="role__exact=senco")
    export.refresh_from_db()

    assert export.status == EvidenceExport.Status.READY and export.progress == 100
    assert export.file.name.startswith("exports/") and export.finished_at is not None
    assert export.row_count == 3 and export.size == evidence_storage().size(export.file.name)
    assert {row["reference"] for row in stored_rows(export)} == {s.reference for s in wanted}


def test_the_file_is_the_file_the_request_would_have_streamed(alice):
    SubmissionFactory.create_batch(4, experience="=1+1, and\na new line")
    export = EvidenceExport.objects.create(exported_by=alice, status=EvidenceExport.Status.QUEUED)
    export = export_files.make_export_file(export_id=export.pk, list_submissions=list_submissions)
    streamed = b"".join(export_files.csv_chunks(Submission.objects.all(), on_done=lambda count: None))
    with evidence_storage().open(export.file.name, "rb") as stored:
        assert stored.read() == streamed


def test_a_broker_that_does_not_answer_marks_the_export_failed_saying_why(
    alice, monkeypatch, django_capture_on_commit_callbacks
):
    from celery import current_app

    def no_broker(*args, **kwargs):
        raise ConnectionError("Redis is not answering")

    current_app.loader.import_default_modules()
    monkeypatch.setattr(current_app.tasks[export_files.MAKE_TASK], "apply_async", no_broker)
    with django_capture_on_commit_callbacks(execute=True):
        export = export_files.request_export_file(by=alice, filters="")
    export.refresh_from_db()
    assert export.status == EvidenceExport.Status.FAILED
    assert export.failure == export_files.NOT_QUEUED


def test_a_failure_while_writing_marks_the_export_failed(alice):
    export = EvidenceExport.objects.create(exported_by=alice, status=EvidenceExport.Status.QUEUED)

    def broken_list(query_string, by):
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        export_files.make_export_file(export_id=export.pk, list_submissions=broken_list)
    export.refresh_from_db()
    assert (export.status, export.failure, export.file.name) == (
        EvidenceExport.Status.FAILED,
        export_files.NOT_WRITTEN,
        "",
    )


def test_a_redelivered_task_does_not_write_the_file_again(alice):
    SubmissionFactory()
    export = EvidenceExport.objects.create(exported_by=alice, status=EvidenceExport.Status.QUEUED)
    first = export_files.make_export_file(export_id=export.pk, list_submissions=list_submissions)
    again = export_files.make_export_file(export_id=export.pk, list_submissions=list_submissions)
    assert again.file.name == first.file.name
    assert evidence_storage().listdir("exports")[1] == [first.file.name.removeprefix("exports/")]


def test_a_download_is_on_record_without_the_search_words(alice):
    export = EvidenceExport.objects.create(
        exported_by=alice, filters="q=Jo+Bloggs&role__exact=senco", row_count=12
    )
    export_files.record_download(export=export, by=alice)
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD_EXPORT)
    assert (event.actor, event.target, event.detail) == ("alice", f"export {export.pk}", "12 rows")


def test_old_files_are_deleted_and_their_rows_kept(alice, settings, django_capture_on_commit_callbacks):
    settings.EVIDENCE_EXPORT_RETENTION_DAYS = 7
    SubmissionFactory()
    old, recent = (
        export_files.make_export_file(
            export_id=EvidenceExport.objects.create(exported_by=alice, status="queued").pk,
            list_submissions=list_submissions,
        )
        for _ in range(2)
    )
    EvidenceExport.objects.filter(pk=old.pk).update(exported_at=timezone.now() - timedelta(days=8))
    old_name = old.file.name

    with django_capture_on_commit_callbacks(execute=True):
        assert export_files.purge_expired_export_files() == 1

    old.refresh_from_db()
    assert (old.status, old.file.name, old.row_count) == (EvidenceExport.Status.DELETED, "", 1)
    assert not evidence_storage().exists(old_name)
    assert evidence_storage().exists(recent.file.name)
    assert export_files.purge_expired_export_files() == 0


def test_progress_is_written_while_copy_streams_without_waiting_on_itself(alice, monkeypatch):
    """On PostgreSQL the export's connection is busy with COPY: progress goes through another one (the
    same connection would wait on itself for ever)."""
    from evidence.triage import export_copy

    monkeypatch.setattr(export_copy, "BATCH_BYTES", 1)  # progress after every row
    SubmissionFactory.create_batch(3)
    export = EvidenceExport.objects.create(exported_by=alice, status=EvidenceExport.Status.QUEUED)
    done = export_files.make_export_file(export_id=export.pk, list_submissions=list_submissions)
    assert (done.status, done.row_count, done.progress) == (EvidenceExport.Status.READY, 3, 100)
