"""A subject-access ZIP on the real path: Grace asks for it from the admin's submission list (the test
client is the web process), a real Celery worker listening on the ``heavy`` queue alone builds it and
stores it (on the local folder, and in a private bucket of moto's S3 server), and Grace downloads it
intact through the admin, with PostgreSQL and Redis.

The member's three files are 4 MB of random bytes each, so the ZIP outgrows its in-memory spool and
is built on the worker's disk, as a large one would be.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
"""

import hashlib
import io
import json
import os
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from evidence.models import AuditEvent, PersonalDataRequest
from evidence.storage import evidence_storage
from evidence.triage.access import DATA_PROTECTION
from tests.factories import SubmissionFactory, attach_file, staff_group, staff_member
from tests.integration.harness import CeleryWorker, wait_until, worker_environment
from tests.staff import sign_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FILE_BYTES = 4 * 1024 * 1024


@pytest.mark.parametrize("where", ["local", "s3"])
def test_a_real_worker_builds_the_zip_and_grace_downloads_it_intact(
    request, where, client, smtp_sink, fresh_redis, test_database_url, tmp_path
):
    storage_environment = {"EVIDENCE_ATTACHMENT_ROOT": str(settings.EVIDENCE_ATTACHMENT_ROOT)}
    if where == "s3":
        storage_environment = request.getfixturevalue("s3_storage").environment()
    grace = staff_member("grace")
    grace.groups.add(staff_group(DATA_PROTECTION))
    first = SubmissionFactory(email="erin@example.org")
    contents = [os.urandom(FILE_BYTES) for _ in range(3)]
    for number, content in enumerate(contents):
        attach_file(first, f"letter {number}.pdf", content)
    second = SubmissionFactory(email="erin@example.org")
    environment = worker_environment(
        database_url=test_database_url,
        redis_url=fresh_redis,
        email_url=smtp_sink.url,
        **storage_environment,
    )
    worker = CeleryWorker(environment, tmp_path / "heavy-worker.log", queues="heavy").start()
    try:
        sign_in(client, grace)
        response = client.post(
            reverse("admin:evidence_submission_changelist"),
            {"action": "give_personal_data", "_selected_action": [first.pk, second.pk]},
        )
        wanted = PersonalDataRequest.objects.get()
        status_url = reverse("admin:evidence_personaldatarequest_status", args=[wanted.pk])
        assert response.status_code == 302 and response["Location"] == status_url

        def ready() -> bool:
            wanted.refresh_from_db()
            assert wanted.status != PersonalDataRequest.Status.FAILED, wanted.note + worker.log
            return wanted.status == PersonalDataRequest.Status.READY

        wait_until(ready, timeout=90, what="the worker to build the ZIP")
    finally:
        worker.stop()

    assert "make_personal_data_zip" in worker.log
    assert "Ready to download" in client.get(status_url).content.decode()
    download = client.get(reverse("admin:evidence_personaldatarequest_download", args=[wanted.pk]))
    assert download.status_code == 200
    assert {"private", "no-store"} <= set(download["Cache-Control"].split(", "))
    body = b"".join(download.streaming_content)
    assert len(body) == wanted.size > 3 * FILE_BYTES
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    files = sorted(name for name in archive.namelist() if name.startswith(f"files/{first.reference}/"))
    digests = sorted(hashlib.sha256(archive.read(name)).hexdigest() for name in files)
    assert digests == sorted(hashlib.sha256(content).hexdigest() for content in contents)
    held = json.loads(archive.read("data.json"))
    assert sorted(s["reference"] for s in held["submissions"]) == sorted([first.reference, second.reference])
    assert wanted.file.name.startswith("subject-access/")
    assert evidence_storage().exists(wanted.file.name)
    if where == "s3":
        bucket = request.getfixturevalue("s3_storage")
        assert bucket.head(wanted.file.name)["ServerSideEncryption"] == "AES256"
    made = AuditEvent.objects.get(action=AuditEvent.Action.SUBJECT_ACCESS)
    assert made.actor == "grace" and made.detail.startswith(f"admin, request {wanted.pk}:")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD_PERSONAL_DATA).count() == 1
