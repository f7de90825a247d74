"""The list's Export button for a long list (evidence.admin.exports): the worker writes the file (tasks
run in-process here), the person lands on its status page and downloads it there, on record. Short
lists still stream at once (tests/evidence/admin/test_downloads.py)."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import AuditEvent, EvidenceExport, Submission
from evidence.triage import export_files
from tests.factories import SubmissionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
EXPORT = reverse("admin:evidence_submission_export")


def every_submission(query_string, by):
    return Submission.objects.all()


def status_url(export: EvidenceExport) -> str:
    return reverse("admin:evidence_evidenceexport_status", args=[export.pk])


def download_url(export: EvidenceExport) -> str:
    return reverse("admin:evidence_evidenceexport_download", args=[export.pk])


@pytest.fixture
def long_list(settings):
    """Four SENCOs' submissions and one other's, with more than two rows counted as long."""
    settings.EVIDENCE_EXPORT_IN_REQUEST_ROWS = 2
    return SubmissionFactory.create_batch(4, role="senco"), SubmissionFactory(role="other")


def test_a_long_list_is_written_by_the_worker_and_downloaded_from_its_status_page(
    client, alice, long_list, django_capture_on_commit_callbacks
):
    sencos, _ = long_list
    sign_in(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT, {"role__exact": "senco", "q": "EHCP"})
    export = EvidenceExport.objects.get()
    assert response.status_code == 302 and response["Location"] == status_url(export)
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, target=f"export {export.pk}").count() == 1
    )

    page = client.get(status_url(export))
    assert page.status_code == 200
    assert "Ready to download" in page.content.decode() and download_url(export) in page.content.decode()

    download = client.get(download_url(export))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="send-evidence-export-{export.pk}.csv"'
    assert "no-store" in download["Cache-Control"] and download["X-Content-Type-Options"] == "nosniff"
    text = b"".join(download.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert sorted(row["reference"] for row in rows) == sorted(s.reference for s in sencos)
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD_EXPORT)
    assert (event.actor, event.target) == ("alice", f"export {export.pk}")
    assert "EHCP" not in event.detail


def test_a_short_list_still_streams_at_once(client, alice, long_list):
    sign_in(client, alice)
    response = client.get(EXPORT, {"role__exact": "other"})
    assert response.status_code == 200 and response.streaming
    assert EvidenceExport.objects.get().status == EvidenceExport.Status.STREAMED


def test_a_broker_that_does_not_answer_is_a_message_on_the_status_page_not_an_error(
    client, alice, long_list, monkeypatch, django_capture_on_commit_callbacks
):
    from celery import current_app

    def no_broker(*args, **kwargs):
        raise ConnectionError("Redis is not answering")

    current_app.loader.import_default_modules()
    monkeypatch.setattr(current_app.tasks[export_files.MAKE_TASK], "apply_async", no_broker)
    sign_in(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Could not be written" in page and "The task queue did not answer" in page


def test_only_education_team_members_allowed_to_export_follow_or_download_it(client, alice, bob, frank):
    SubmissionFactory()
    export = export_files.make_export_file(
        export_id=EvidenceExport.objects.create(exported_by=alice, status="queued").pk,
        list_submissions=every_submission,
    )
    sign_in(client, bob)
    assert client.get(status_url(export)).status_code == 403
    assert client.get(download_url(export)).status_code == 403
    sign_in(client, frank)  # a colleague in the team may fetch it
    assert client.get(download_url(export)).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD_EXPORT, actor="bob").exists()


def test_a_deleted_file_says_so_and_cannot_be_downloaded(client, alice, django_capture_on_commit_callbacks):
    SubmissionFactory()
    export = export_files.make_export_file(
        export_id=EvidenceExport.objects.create(exported_by=alice, status="queued").pk,
        list_submissions=every_submission,
    )
    EvidenceExport.objects.filter(pk=export.pk).update(exported_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        export_files.purge_expired_export_files()
    sign_in(client, alice)
    assert "File deleted" in client.get(status_url(export)).content.decode()
    assert client.get(download_url(export)).status_code == 404
    assert "File deleted" in client.get(reverse("admin:evidence_evidenceexport_changelist")).content.decode()
