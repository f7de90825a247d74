"""A long export on the real path: the list's Export button in the admin's process, the CSV written by a
real Celery worker listening on the ``heavy`` queue alone (PostgreSQL's COPY), stored in the private file
area, then downloaded through the admin with the list's rows.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
"""

import csv
import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from evidence.models import AuditEvent, EvidenceExport
from tests.factories import SubmissionFactory, staff_group, staff_member
from tests.integration.harness import CeleryWorker, wait_until, worker_environment
from tests.staff import sign_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_real_worker_writes_a_long_list_and_the_team_downloads_it(
    client, settings, smtp_sink, fresh_redis, test_database_url, tmp_path
):
    settings.EVIDENCE_EXPORT_IN_REQUEST_ROWS = 5  # six SENCOs make a long list
    staff_group("Education Team")
    alice = staff_member("alice")
    sencos = SubmissionFactory.create_batch(6, role="senco", experience='=HYPERLINK("x"), "quoted"\nline')
    SubmissionFactory.create_batch(2, role="other")
    environment = worker_environment(
        database_url=test_database_url,
        redis_url=fresh_redis,
        email_url=smtp_sink.url,
        EVIDENCE_ATTACHMENT_ROOT=str(django_settings.EVIDENCE_ATTACHMENT_ROOT),
    )
    worker = CeleryWorker(environment, tmp_path / "heavy-worker.log", queues="heavy").start()
    try:
        sign_in(client, alice)
        response = client.get(reverse("admin:evidence_submission_export"), {"role__exact": "senco"})
        export = EvidenceExport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:evidence_evidenceexport_status", args=[export.pk])

        def ready() -> bool:
            export.refresh_from_db()
            assert export.status != EvidenceExport.Status.FAILED, worker.log
            return export.status == EvidenceExport.Status.READY

        wait_until(ready, timeout=60, what="the worker to write the export")
    finally:
        worker.stop()
    assert "make_evidence_export" in worker.log
    assert (export.row_count, export.progress) == (6, 100)

    download = client.get(reverse("admin:evidence_evidenceexport_download", args=[export.pk]))
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert sorted(row["reference"] for row in rows) == sorted(s.reference for s in sencos)
    assert {row["experience"] for row in rows} == {'\'=HYPERLINK("x"), "quoted"\nline'}
    assert {row["role"] for row in rows} == {"SENCO"}
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.DOWNLOAD_EXPORT, target=f"export {export.pk}"
        ).count()
        == 1
    )
