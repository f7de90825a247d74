"""A stored subject-access ZIP's life (evidence.privacy.personal_data_requests): asked for, made from its
row (tasks run in-process here), stored privately on the local folder and on an S3 bucket, deleted after
SUBJECT_ACCESS_RETENTION_DAYS and at once when a submission it holds is erased or purged, and failed
with a message, never an error page, when the broker does not answer.

Erin is the member: two submissions with her address, one with a file. Grace gives her the ZIP.
"""

import io
import json
import logging
import zipfile
from datetime import timedelta

import pytest
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.utils import timezone
from kombu.exceptions import OperationalError

from evidence.models import AuditEvent, PersonalDataRequest, PersonalDataSubmission
from evidence.privacy import personal_data_requests as lifecycle
from evidence.privacy import subject_access
from evidence.privacy.erasure import erase_submissions
from evidence.privacy.retention import purge_expired_evidence
from evidence.storage import evidence_storage
from tests.evidence.conftest import received
from tests.factories import SubmissionFactory, attach_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]
Status = PersonalDataRequest.Status
PDF = b"%PDF-1.4\nErin's banding letter\n%%EOF\n"


@pytest.fixture
def erins():
    first = SubmissionFactory(email="erin@example.org", experience="Banding was cut in March.")
    attach_file(first, "Banding letter.pdf", PDF)
    return [first, SubmissionFactory(email="Erin@Example.org")]


def stored_zips() -> list[str]:
    try:
        return evidence_storage().listdir("subject-access")[1]
    except FileNotFoundError:  # the local folder goes with its last file
        return []


def made(erins, grace, django_capture_on_commit_callbacks) -> PersonalDataRequest:
    with django_capture_on_commit_callbacks(execute=True):
        wanted = lifecycle.request_personal_data(submission_ids=[s.pk for s in erins], by=grace)
    wanted.refresh_from_db()
    return wanted


def test_the_worker_stores_the_same_zip_privately_and_remembers_what_it_holds(
    erins, grace, django_capture_on_commit_callbacks
):
    wanted = made(erins, grace, django_capture_on_commit_callbacks)

    assert wanted.status == Status.READY and wanted.finished_at is not None
    assert wanted.file.name.startswith("subject-access/")
    assert (wanted.submission_count, wanted.file_count) == (2, 1)
    with evidence_storage().open(wanted.file.name, "rb") as stored:
        content = stored.read()
    assert wanted.size == len(content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    held = json.loads(archive.read("data.json"))
    assert sorted(s["reference"] for s in held["submissions"]) == sorted(s.reference for s in erins)
    assert PDF in [archive.read(name) for name in archive.namelist() if name.startswith("files/")]
    assert sorted(wanted.held.values_list("submission_id", flat=True)) == sorted(s.pk for s in erins)
    event = AuditEvent.objects.get(action=AuditEvent.Action.SUBJECT_ACCESS)
    assert event.actor == "grace" and event.detail.startswith(f"admin, request {wanted.pk}:")
    assert "erin@" not in (event.target + event.detail).lower()


def test_erasing_a_submission_deletes_every_zip_holding_it_at_once(
    erins, grace, django_capture_on_commit_callbacks
):
    holding = made(erins, grace, django_capture_on_commit_callbacks)
    other = made([SubmissionFactory(email="frank@example.org")], grace, django_capture_on_commit_callbacks)
    name = holding.file.name

    with django_capture_on_commit_callbacks(execute=True):
        erase_submissions(submissions=[erins[1]], actor="grace")

    holding.refresh_from_db()
    assert holding.status == Status.DELETED and not holding.file and holding.size == 0
    assert "erased" in holding.note
    assert not evidence_storage().exists(name)
    assert not PersonalDataSubmission.objects.filter(request=holding).exists()
    other.refresh_from_db()
    assert other.status == Status.READY and evidence_storage().exists(other.file.name)


def test_the_retention_purge_deletes_every_zip_holding_a_purged_submission(
    erins, grace, settings, django_capture_on_commit_callbacks
):
    holding = made(erins, grace, django_capture_on_commit_callbacks)
    settings.EVIDENCE_RETENTION_DAYS = 30
    received(erins[0], 40)

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_evidence().submissions == 1

    holding.refresh_from_db()
    assert holding.status == Status.DELETED
    assert stored_zips() == []


def test_a_zip_finished_after_its_submission_was_erased_is_thrown_away(
    erins, grace, django_capture_on_commit_callbacks, monkeypatch
):
    real_zip = subject_access.personal_data_zip

    def erased_while_building(**kwargs):
        data = real_zip(**kwargs)
        lifecycle.delete_personal_data_holding(submission_ids=[erins[0].pk])
        return data

    monkeypatch.setattr(lifecycle, "personal_data_zip", erased_while_building)
    wanted = made(erins, grace, django_capture_on_commit_callbacks)

    assert wanted.status == Status.DELETED and not wanted.file
    assert stored_zips() == []


def test_zips_older_than_the_retention_period_are_purged_with_their_files(
    erins, grace, settings, django_capture_on_commit_callbacks
):
    settings.SUBJECT_ACCESS_RETENTION_DAYS = 7
    old = made(erins, grace, django_capture_on_commit_callbacks)
    recent = made(erins, grace, django_capture_on_commit_callbacks)
    PersonalDataRequest.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=8))

    with django_capture_on_commit_callbacks(execute=True):
        assert lifecycle.purge_expired_personal_data() == 1

    assert not PersonalDataRequest.objects.filter(pk=old.pk).exists()
    assert not PersonalDataSubmission.objects.filter(request_id=old.pk).exists()
    assert not evidence_storage().exists(old.file.name)
    assert evidence_storage().exists(recent.file.name)


def test_a_broker_that_does_not_answer_marks_the_request_failed_with_a_message(
    erins, grace, django_capture_on_commit_callbacks, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    current_app.loader.import_default_modules()
    monkeypatch.setattr(current_app.tasks[lifecycle.MAKE_TASK], "apply_async", unreachable)

    wanted = made(erins, grace, django_capture_on_commit_callbacks)

    assert wanted.status == Status.FAILED and wanted.note == lifecycle.NOT_QUEUED
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUBJECT_ACCESS).exists()


def test_a_zip_that_cannot_be_made_fails_with_a_message_and_no_personal_data_in_the_log(
    erins, grace, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(**kwargs):
        raise ValueError("Banding was cut in March.")

    monkeypatch.setattr(lifecycle, "personal_data_zip", broken)
    with caplog.at_level(logging.WARNING):
        wanted = made(erins, grace, django_capture_on_commit_callbacks)

    assert wanted.status == Status.FAILED and wanted.note == lifecycle.BROKE
    assert "ValueError" in caplog.text and "Banding" not in caplog.text


def test_a_redelivered_task_leaves_a_ready_zip_alone(erins, grace, django_capture_on_commit_callbacks):
    wanted = made(erins, grace, django_capture_on_commit_callbacks)

    again = lifecycle.make_personal_data_zip(request_id=wanted.pk)

    assert again is not None and again.file.name == wanted.file.name
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SUBJECT_ACCESS).count() == 1


def test_a_zip_cut_off_by_the_time_limit_fails_with_a_message_and_leaves_no_half_copy(
    erins, grace, django_capture_on_commit_callbacks, monkeypatch
):
    storage = evidence_storage()

    class CutOffWhileSaving:
        def save(self, name, content, max_length=None):
            storage.save(name, ContentFile(b"PK\x03\x04 half a ZIP"), max_length=max_length)
            raise SoftTimeLimitExceeded()

    monkeypatch.setattr(lifecycle, "evidence_storage", CutOffWhileSaving)
    wanted = made(erins, grace, django_capture_on_commit_callbacks)

    assert wanted.status == Status.FAILED and wanted.note == lifecycle.TOO_LONG
    assert stored_zips() == []
