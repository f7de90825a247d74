"""Recording a member's evidence: the one use case behind "Send evidence".

The submission, its theme links, one answer row per chosen theme, its weekly figures, its files and its
acknowledgement email are written in one transaction (the transactional outbox: see ``evidence.mail``).
The files wait in the journey's pending area (``evidence.submissions.uploads``) and are copied into the
attachment storage here; the pending copies go only once the transaction has committed.

Every member's Send pays for its statements, so none is asked twice (issue 16: 24 statements became
14). The themes are read once: their links are one INSERT, their flags go in with the row, and the weekly
figures and the acknowledgement read them from memory. The authority is not looked up again by
``full_clean``: the member's step and ``check_journey`` checked it, and its foreign key stands behind
both. A journey sent twice at once is caught by its key's unique constraint, not by a query first, and
the whole transaction is given up rather than a savepoint kept around the insert.
"""

import hashlib
import logging
import uuid
from dataclasses import asdict
from typing import IO

from django.core.files import File
from django.db import IntegrityError, transaction

from evidence.choices import Status
from evidence.mail import messages, queue
from evidence.models import (
    ANSWER_MODELS,
    Attachment,
    Submission,
    Theme,
    count_in,
    one_document_write,
    submission_sent,
)
from evidence.models.theme_flags import flags_of
from evidence.storage import AttachmentStorage
from evidence.submissions.draft import SubmissionDraft
from evidence.submissions.uploads import PendingUpload, discard_journey_files

log = logging.getLogger(__name__)


def submission_create(*, draft: SubmissionDraft) -> Submission:
    """Records the draft at once, or returns the submission its journey already made.

    Calling it again with the same journey (a double-click, a resubmitted last step) returns the first
    submission and changes nothing.
    """
    try:
        return _record(draft)
    except IntegrityError:
        # The same journey sent before, or at the same moment from another request: that one won. Its
        # unique key refused this one's row, and the whole transaction went (no savepoint to keep).
        existing = _sent_before(draft.journey_key)
        if existing is None:
            raise
        return existing


@transaction.atomic
@one_document_write()  # the search document once, not once per row saved
def _record(draft: SubmissionDraft) -> Submission:
    journey_key = draft.journey_key
    themes = list(Theme.objects.filter(slug__in=draft.theme_slugs))
    if (
        not themes
        or len(themes) != len(set(draft.theme_slugs))
        or not set(draft.answers) <= set(draft.theme_slugs)
    ):
        raise ValueError(
            f"Unknown or missing themes: {sorted(draft.theme_slugs)}; answers for {sorted(draft.answers)}"
        )

    submission = Submission(
        journey_key=journey_key,
        experience=draft.experience,
        status=Status.NEW,
        **asdict(draft.about),
        **asdict(draft.contact),
        theme_flags=flags_of(theme.slug for theme in themes),
    )
    submission.full_clean(exclude=CHECKED_BEFORE, validate_unique=False, validate_constraints=False)
    submission.save()  # IntegrityError for a journey already sent: submission_create answers it

    stored: list[str] = []
    try:
        _link_themes(submission, themes)
        for slug in draft.theme_slugs:
            answer = ANSWER_MODELS[slug](submission=submission, **draft.answers.get(slug, {}))
            answer.full_clean(
                exclude=["submission", *CHECKED_BEFORE], validate_unique=False, validate_constraints=False
            )
            answer.save()
        # The weekly figures outlive the words (evidence.models.figures): counted with the rows.
        count_in(submission)
        _attach_files(submission, draft.uploads, journey_key, stored)
        queue.send_after_commit(messages.write_acknowledgement(submission))
        submission_sent.send(sender=Submission, submission=submission)
    except Exception:
        # The transaction rolls the rows back; the copied files must go with them.
        _delete_stored(stored)
        raise
    # The pending files go only once the submission has committed.
    transaction.on_commit(lambda: discard_journey_files(journey_key))
    return submission


# Checked on the member's step and again by check_journey; the foreign key's constraint stands behind both.
CHECKED_BEFORE = ["local_authority"]


def _link_themes(submission: Submission, themes: list[Theme]) -> None:
    """The member's themes in one INSERT, kept on the submission for what reads them next.

    The related manager's ``set`` would read the links first (two queries for a submission that has
    none) and its ``m2m_changed`` would rewrite ``theme_flags``, already written with the row. So no
    ``m2m_changed`` is sent for these links: a new receiver of it must be called from here too.
    """
    link = Submission.themes.through
    link.objects.bulk_create([link(submission=submission, theme=theme) for theme in themes])
    # What prefetch_related leaves: submission.themes.all() is then these themes, in Theme's order,
    # with no query (the weekly figures and the acknowledgement both read them).
    chosen = Theme.objects.filter(pk__in=[theme.pk for theme in themes])
    chosen._result_cache = sorted(themes, key=lambda theme: (theme.position, theme.pk))
    submission._prefetched_objects_cache = {"themes": chosen}  # type: ignore[attr-defined]


def _sent_before(journey_key: uuid.UUID) -> Submission | None:
    return Submission.objects.filter(journey_key=journey_key).first()


def _attach_files(
    submission: Submission, uploads: tuple[PendingUpload, ...], journey_key: uuid.UUID, stored: list[str]
) -> None:
    """Copies each pending file under a new server-made name, noting each copy in ``stored``."""
    for upload in uploads:
        attachment = Attachment(
            submission=submission,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=upload.size,
        )
        with AttachmentStorage().open(upload.stored_name(journey_key), "rb") as pending:
            attachment.sha256 = _sha256(pending)
            attachment.file.save(upload.id, File(pending), save=False)
        stored.append(attachment.file.name)
        attachment.size = attachment.file.size
        attachment.save()


def _sha256(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(64 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def _delete_stored(names: list[str]) -> None:
    storage = AttachmentStorage()
    for name in names:
        storage.delete(name)
