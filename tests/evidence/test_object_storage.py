"""Members' files in an S3-compatible bucket (EVIDENCE_STORAGE=s3), against a real S3 API server.

Every file path of the service runs here on moto's standalone server (tests/object_store.py) through
django-storages, as it would on a bucket in production: a member's pending upload and sent
attachment, the admin download, erasure, the retention purge, the abandoned-journey clean-up and the
subject access ZIP. Each object is checked from its own metadata: encrypted at rest (AES256), granted
to nobody but the bucket's owner, and never given a URL.
"""

import hashlib
import io
import os
import uuid
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from evidence.models import Attachment, Submission
from evidence.privacy.abandoned import purge_abandoned_journeys
from evidence.privacy.erasure import erase_submissions
from evidence.privacy.retention import purge_expired_evidence
from evidence.privacy.subject_access import personal_data_zip
from evidence.storage import AttachmentStorage
from evidence.submissions.file_types import TXT
from evidence.submissions.uploads import discard_journey_files, store_pending
from nasuwt_send.file_storage import evidence_storage
from tests.evidence.stored import read_stored, until_the_next_second
from tests.factories import SubmissionFactory, attach_file
from tests.files import tiny_file, upload
from tests.foundation.test_settings import PRODUCTION, manage
from tests.journeys import evidence_answers, send_evidence
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
PUBLIC = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


def assert_private_and_encrypted(bucket, key: str) -> None:
    assert bucket.head(key)["ServerSideEncryption"] == "AES256", f"{key} is encrypted at rest"
    for grants in (bucket.object_grants(key), bucket.bucket_grants()):
        grantees = [grant["Grantee"].get("URI", "") for grant in grants]
        assert not set(grantees) & set(PUBLIC), f"{key}: nothing is granted to everyone"
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"], "the owner alone"


def test_a_sent_attachment_is_a_private_encrypted_object_and_its_pending_copy_goes(
    client, s3_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_evidence(client, evidence_answers(), files=[upload("plan.pdf", tiny_file("pdf"))])

    attachment = Attachment.objects.get()
    assert s3_storage.keys() == [attachment.file.name], "only the attachment: the pending copy went"
    assert read_stored(attachment.file.name) == tiny_file("pdf")
    assert attachment.sha256 == hashlib.sha256(tiny_file("pdf")).hexdigest()
    assert_private_and_encrypted(s3_storage, attachment.file.name)


def test_a_pending_upload_is_a_private_encrypted_object_until_its_journey_is_discarded(s3_storage):
    journey_key = uuid.uuid4()
    pending = store_pending(journey_key, upload("notes.txt", tiny_file("txt")), TXT.mime)

    assert s3_storage.keys("pending/") == [f"pending/{journey_key}/{pending.id}"]
    assert_private_and_encrypted(s3_storage, pending.stored_name(journey_key))

    discard_journey_files(journey_key)

    assert s3_storage.keys() == []


def test_no_object_is_ever_overwritten(s3_storage):
    storage = AttachmentStorage()

    first = storage.save("1/upload", ContentFile(b"first"))
    second = storage.save("1/upload", ContentFile(b"second"))

    assert first != second
    assert (read_stored(first), read_stored(second)) == (b"first", b"second")


def test_no_file_has_a_url(s3_storage):
    attachment = attach_file(SubmissionFactory(), "plan.pdf", PDF)

    with pytest.raises(ValueError, match="no public URL"):
        attachment.file.url  # noqa: B018


def test_alice_downloads_the_file_from_the_bucket_through_the_admin(client, alice, s3_storage):
    attachment = attach_file(SubmissionFactory(), "Banding letter.pdf", PDF)
    sign_in(client, alice)

    response = client.get(
        reverse("admin:evidence_submission_attachment", args=[attachment.submission_id, attachment.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Banding letter.pdf"'


def test_a_download_of_an_object_gone_from_the_bucket_is_not_found(client, alice, s3_storage):
    attachment = attach_file(SubmissionFactory(), "plan.pdf", PDF)
    s3_storage.server.client().delete_object(Bucket=s3_storage.name, Key=attachment.file.name)
    sign_in(client, alice)

    response = client.get(
        reverse("admin:evidence_submission_attachment", args=[attachment.submission_id, attachment.pk])
    )

    assert response.status_code == 404


def test_erasing_a_submission_deletes_its_objects(s3_storage, django_capture_on_commit_callbacks):
    erased = attach_file(SubmissionFactory(), "plan.pdf", PDF)
    kept = attach_file(SubmissionFactory(), "other.pdf", PDF)

    with django_capture_on_commit_callbacks(execute=True):
        erase_submissions(submissions=[erased.submission], actor="grace")

    assert s3_storage.keys() == [kept.file.name]


def test_the_retention_purge_deletes_expired_objects(
    settings, s3_storage, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_RETENTION_DAYS = 30
    expired = attach_file(SubmissionFactory(), "old.pdf", PDF)
    Submission.objects.filter(pk=expired.submission_id).update(
        received_at=timezone.now() - timedelta(days=40)
    )
    kept = attach_file(SubmissionFactory(), "new.pdf", PDF)

    with django_capture_on_commit_callbacks(execute=True):
        purge_expired_evidence()

    assert s3_storage.keys() == [kept.file.name]


def test_the_abandoned_journeys_clean_up_deletes_their_pending_objects(s3_storage):
    live, abandoned = uuid.uuid4(), uuid.uuid4()
    kept = store_pending(live, upload("notes.txt", b"what we were told"), TXT.mime)
    store_pending(abandoned, upload("notes.txt", b"what we were told"), TXT.mime)
    until_the_next_second()

    cleared = purge_abandoned_journeys(live_journey_keys=lambda: {str(live)})

    assert (cleared.journeys, cleared.files) == (1, 1)
    assert s3_storage.keys() == [kept.stored_name(live)]


def test_the_subject_access_zip_holds_the_file_from_the_bucket(s3_storage):
    attachment = attach_file(SubmissionFactory(), "Banding letter.pdf", PDF)

    data = personal_data_zip(submissions=[attachment.submission], by="grace", via="admin")

    archive = zipfile.ZipFile(io.BytesIO(data.file.read()))
    in_zip = f"files/{attachment.submission.reference}/{attachment.pk}-Banding letter.pdf"
    assert archive.read(in_zip) == PDF


# --- Settings ---------------------------------------------------------------------------------------


def test_the_local_folder_is_the_default():
    with mock.patch.dict(os.environ, {"EVIDENCE_STORAGE": ""}):
        assert evidence_storage() == {"BACKEND": "evidence.storage.LocalFiles"}


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"EVIDENCE_STORAGE": "s3"}, "EVIDENCE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"EVIDENCE_STORAGE": "dropbox"}, "EVIDENCE_STORAGE must be one of local, s3; got 'dropbox'"),
    ],
)
def test_the_service_refuses_to_start_with_files_it_could_not_keep(environment, message):
    result = manage("check", env={**PRODUCTION, **environment})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_the_service_starts_with_a_bucket_named():
    result = manage(
        "check", env={**PRODUCTION, "EVIDENCE_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "evidence"}
    )

    assert result.returncode == 0, result.stderr


def test_s3_without_a_bucket_refuses_to_start():
    with (
        mock.patch.dict(os.environ, {"EVIDENCE_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": ""}),
        pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"),
    ):
        evidence_storage()


def test_an_unknown_storage_refuses_to_start():
    with (
        mock.patch.dict(os.environ, {"EVIDENCE_STORAGE": "dropbox"}),
        pytest.raises(ImproperlyConfigured, match="EVIDENCE_STORAGE must be one of local, s3"),
    ):
        evidence_storage()


def test_s3_objects_are_private_encrypted_and_never_overwritten():
    environment = {"EVIDENCE_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "evidence"}
    with mock.patch.dict(os.environ, environment):
        options = evidence_storage()["OPTIONS"]
    assert options["default_acl"] == "private"
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert options["file_overwrite"] is False
