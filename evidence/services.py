"""Use cases of the evidence app that span models or have side effects."""

import hashlib
import logging
import uuid
from collections.abc import Iterable

from django.core.files import File
from django.db import IntegrityError, transaction

from evidence import emails, outbox
from evidence.choices import Status
from evidence.models import ANSWER_MODELS, Attachment, Submission, Theme
from evidence.storage import AttachmentStorage
from evidence.uploads import PendingUpload, discard_journey_files

log = logging.getLogger(__name__)

ABOUT_FIELDS = {"role", "role_other", "phase", "setting", "local_authority_id"}
CONTACT_FIELDS = {"name", "email", "membership_number", "consent_to_contact", "consent_to_quote"}


@transaction.atomic
def submission_create(
    *,
    about: dict,
    theme_slugs: list[str],
    answers: dict[str, dict],
    experience: str,
    contact: dict,
    uploads: Iterable[PendingUpload],
    journey_key: uuid.UUID,
) -> Submission:
    """Records a member's evidence, its theme answers, its files and its acknowledgement email at once.

    ``about`` and ``contact`` hold the Submission's own columns; ``answers`` maps each chosen theme to
    its answer row's columns. The files wait in the journey's pending area (see evidence.uploads) and
    are copied into the attachment storage here. Calling it again with the same ``journey_key`` (a
    double-click, a resubmitted last step) returns the first submission and changes nothing.
    """
    existing = _sent_before(journey_key)
    if existing is not None:
        return existing
    _check_keys("about", about, ABOUT_FIELDS)
    _check_keys("contact", contact, CONTACT_FIELDS)
    themes = list(Theme.objects.filter(slug__in=theme_slugs))
    if not themes or len(themes) != len(set(theme_slugs)) or not set(answers) <= set(theme_slugs):
        raise ValueError(f"Unknown or missing themes: {sorted(theme_slugs)}; answers for {sorted(answers)}")

    submission = Submission(
        journey_key=journey_key, experience=experience, status=Status.NEW, **about, **contact
    )
    submission.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        # The same journey submitted at the same moment from another request: that one won.
        existing = _sent_before(journey_key)
        if existing is None:
            raise
        return existing

    stored: list[str] = []
    try:
        submission.themes.set(themes)
        for slug in theme_slugs:
            answer = ANSWER_MODELS[slug](submission=submission, **answers.get(slug, {}))
            answer.full_clean(exclude=["submission"], validate_unique=False, validate_constraints=False)
            answer.save()
        _attach_files(submission, list(uploads), journey_key, stored)
        outbox.send_after_commit(emails.write_acknowledgement(submission))
    except Exception:
        # The transaction rolls the rows back; the copied files must go with them.
        _delete_stored(stored)
        raise
    # The pending files go only once the submission has committed.
    transaction.on_commit(lambda: discard_journey_files(journey_key))
    return submission


def _sent_before(journey_key: uuid.UUID) -> Submission | None:
    return Submission.objects.filter(journey_key=journey_key).first()


def _check_keys(what: str, values: dict, allowed: set[str]) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Unknown {what} fields: {sorted(unknown)}")


def _attach_files(
    submission: Submission, uploads: list[PendingUpload], journey_key: uuid.UUID, stored: list[str]
) -> None:
    """Copies each pending file under a new server-made name, noting each copy in ``stored``."""
    for upload in uploads:
        attachment = Attachment(
            submission=submission,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=upload.size,
        )
        with open(upload.path(journey_key), "rb") as pending:
            attachment.sha256 = _sha256(pending)
            attachment.file.save(upload.id, File(pending), save=False)
        stored.append(attachment.file.name)
        attachment.size = attachment.file.size
        attachment.save()


def _sha256(fileobj) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(64 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def _delete_stored(names: list[str]) -> None:
    storage = AttachmentStorage()
    for name in names:
        storage.delete(name)
