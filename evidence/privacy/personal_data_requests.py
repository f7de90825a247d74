"""The life of a stored subject-access ZIP: asked for in the admin, made in the worker, downloaded, deleted.

Rules:

- **Asked for in a request, made in the worker.** With a hundred submissions and their files a ZIP can
  take longer than gunicorn lets a request live, so ``request_personal_data`` only writes the row and
  the ids of the submissions chosen and, once that commits, queues
  ``evidence.tasks.make_personal_data_zip`` (``heavy`` queue) by name, since the task is an entry point
  above this package. A broker that does not answer marks the request failed, with a message the status
  page shows, rather than failing the request. ``make_personal_data_zip`` builds the very ZIP of
  ``evidence.privacy.subject_access`` (memory flat, files through the storage API, one SUBJECT_ACCESS
  audit event naming references only).
- **Stored privately** through the evidence storage (``subject-access/``), like members' files, so it
  works on any node and on the S3 backend; never at a URL. Each download is an audit event naming the
  request and the references, never the member's address.
- **Personal data, so short-lived.** The row and its ZIP are deleted ``SUBJECT_ACCESS_RETENTION_DAYS``
  after it was asked for (``purge_expired_personal_data``, daily). When a submission is erased or purged
  (``evidence.privacy.removal``, inside that transaction) every ZIP holding it is deleted at once and
  its row marked ``deleted``: no copy of erased data survives. A ZIP finished by the worker while that
  happens is thrown away rather than stored, since the worker stores it only if its row is still being
  made. Files go after the commit, so a rollback never leaves a row without its file.
"""

import logging
import secrets

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from evidence.background import queue_by_name
from evidence.models import (
    AuditEvent,
    PersonalDataRequest,
    PersonalDataSubmission,
    Submission,
    record_event,
)
from evidence.privacy.files import delete_files, delete_files_after_commit
from evidence.privacy.subject_access import personal_data_zip
from evidence.storage import evidence_storage

log = logging.getLogger(__name__)
MAKE_TASK = "evidence.tasks.make_personal_data_zip"
FOLDER = "subject-access"

NOT_QUEUED = (
    "The worker could not be reached, so the ZIP was not made. Ask for it again in a few minutes; if it "
    "keeps happening, tell the site's administrators."
)
TOO_LONG = (
    "Making the ZIP took longer than the worker allows, so it was stopped. Ask for it again with fewer "
    "submissions, or ask the site's administrators to run export_personal_data on the server."
)
BROKE = (
    "The worker stopped with an error while making the ZIP. Ask for it again; if it keeps happening, "
    "tell the site's administrators."
)
ERASED = "Deleted because a submission it held was erased or reached the end of its retention period."

Status = PersonalDataRequest.Status
BEING_MADE = (Status.QUEUED, Status.RUNNING)


def request_personal_data(*, submission_ids: list[int], by: User) -> PersonalDataRequest:
    """Record the request and queue its ZIP once the request commits."""
    with transaction.atomic():
        wanted = PersonalDataRequest.objects.create(requested_by=by, submission_count=len(submission_ids))
        PersonalDataSubmission.objects.bulk_create(
            PersonalDataSubmission(request=wanted, submission_id=pk) for pk in sorted(set(submission_ids))
        )
        request_id = wanted.pk
        transaction.on_commit(lambda: queue_request(request_id))
    return wanted


def queue_request(request_id: int) -> None:
    """Hand the request to the worker (in-process when tasks run eagerly)."""
    if not queue_by_name(MAKE_TASK, request_id, what="personal data request"):
        _fail(request_id, NOT_QUEUED)


def make_personal_data_zip(*, request_id: int) -> PersonalDataRequest | None:
    """The worker's part: build the ZIP, store it, and mark the row ready (if it is still wanted)."""
    claimed = PersonalDataRequest.objects.filter(pk=request_id, status__in=BEING_MADE).update(
        status=Status.RUNNING
    )
    wanted = PersonalDataRequest.objects.select_related("requested_by").filter(pk=request_id).first()
    if not claimed or wanted is None:
        return wanted  # deleted meanwhile, or a redelivered task whose work is done
    ids = list(wanted.held.values_list("submission_id", flat=True))
    by = wanted.requested_by.get_username() if wanted.requested_by else ""
    # A name of its own for each attempt: a redelivered task never writes over (or deletes) another's.
    name = f"{FOLDER}/personal-data-{request_id}-{secrets.token_hex(8)}.zip"
    saving = False
    try:
        data = personal_data_zip(submissions=ids, by=by, via=f"admin, request {request_id}")
        with data.file:
            size = data.file.seek(0, 2)
            data.file.seek(0)
            saving = True
            name = evidence_storage().save(name, File(data.file, name="personal-data.zip"), max_length=200)
    except Exception as exc:
        # Only the kind of error: its message could quote a member's words or a file's name.
        log.warning("Personal data request %s could not be made (%s).", request_id, type(exc).__name__)
        if saving:
            delete_files([name])  # a ZIP cut off half-written is no use and still personal data
        _fail(request_id, TOO_LONG if isinstance(exc, SoftTimeLimitExceeded) else BROKE)
        return PersonalDataRequest.objects.filter(pk=request_id).first()
    with transaction.atomic():
        wanted = PersonalDataRequest.objects.select_for_update().filter(pk=request_id).first()
        if wanted is None or wanted.status != Status.RUNNING:
            # Erased, purged or made by another delivery meanwhile: this copy must not survive.
            delete_files_after_commit([name])
            return wanted
        wanted.file.name = name
        wanted.size, wanted.file_count = size, data.file_count
        wanted.submission_count = len(data.references)
        wanted.status, wanted.finished_at = Status.READY, timezone.now()
        wanted.save()
    return wanted


def _fail(request_id: int, note: str) -> None:
    PersonalDataRequest.objects.filter(pk=request_id, status__in=BEING_MADE).update(
        status=Status.FAILED, note=note, finished_at=timezone.now()
    )


def references_held(wanted: PersonalDataRequest) -> list[str]:
    """The references of the submissions the request holds (none once it is deleted)."""
    held = Submission.objects.filter(pk__in=wanted.held.values("submission_id"))
    return list(held.order_by("reference").values_list("reference", flat=True))


def record_download(*, wanted: PersonalDataRequest, by: User) -> None:
    references = references_held(wanted)
    record_event(
        AuditEvent.Action.DOWNLOAD_PERSONAL_DATA,
        actor=by.get_username(),
        target=", ".join(references),
        detail=f"request {wanted.pk}: {len(references)} submission(s), {wanted.file_count} file(s)",
    )


def delete_personal_data_holding(*, submission_ids: list[int]) -> int:
    """Inside the transaction that removes these submissions: every ZIP holding one goes (after the
    commit), and its row says why. Returns the number of requests deleted."""
    held = list(
        PersonalDataRequest.objects.holding_submissions(submission_ids)
        .select_for_update()
        .values_list("pk", "file")
    )
    if not held:
        return 0
    ids = [pk for pk, _ in held]
    PersonalDataSubmission.objects.filter(request_id__in=ids).delete()
    PersonalDataRequest.objects.filter(pk__in=ids).update(
        status=Status.DELETED, note=ERASED, file="", size=0, file_count=0
    )
    delete_files_after_commit([name for _, name in held if name])
    return len(ids)


@transaction.atomic
def purge_expired_personal_data() -> int:
    """Requests older than SUBJECT_ACCESS_RETENTION_DAYS, rows and ZIPs."""
    expired = list(PersonalDataRequest.objects.expired().select_for_update().values_list("pk", "file"))
    PersonalDataRequest.objects.filter(pk__in=[pk for pk, _ in expired]).delete()
    delete_files_after_commit([name for _, name in expired if name])
    return len(expired)
