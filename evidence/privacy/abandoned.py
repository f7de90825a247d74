"""Forms never sent: their files and their sessions do not stay.

A member's uploads wait under ``pending/<journey key>/`` in the attachment storage until the evidence is
sent (``evidence.submissions.uploads``); the session holds what they typed (name, email, membership
number). When a journey is abandoned, both would otherwise stay for ever.

Rules:

- Django's expired sessions are deleted first (the session engine's ``clear_expired``), so what members
  typed in an abandoned form goes once its session expires (``SESSION_COOKIE_AGE``, a day).
- Then the pending files of every journey that is no longer alive are deleted, through the storage's API
  (``listdir``, ``delete``), never by path. Which journeys are alive is asked of the journey's owner
  (``live_journey_keys``, passed in: the submissions package knows its sessions and, later, its saved
  forms).
- A file written after the live journeys were read is left for the next run, so a journey that begins
  while the clean-up runs never loses a file. Times are compared in whole seconds, as a bucket keeps
  them: a file from the second the run began also waits for the next run.
- Saved forms (save and come back later) are deleted once they expire, with their link emails still
  in the outbox; their journeys are then no longer alive, so their files go in the same run. An
  unexpired saved form keeps its journey alive.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from evidence.models import OutboundEmail, SavedForm
from evidence.privacy.files import delete_folder_if_empty
from evidence.storage import AttachmentStorage

PENDING = "pending"


@dataclass(frozen=True)
class Cleared:
    journeys: int
    files: int
    saved_forms: int = 0


def clear_expired_sessions() -> None:
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def purge_abandoned_journeys(*, live_journey_keys: Callable[[], Collection[str]]) -> Cleared:
    """Clear expired sessions and saved forms, then delete the pending files of every journey no longer
    alive."""
    clear_expired_sessions()
    saved_forms = delete_expired_saved_forms()
    storage = AttachmentStorage()
    # Whole seconds: a bucket keeps an object's time to the second, so a file written in this very
    # second must not look older than the run.
    started = timezone.now().replace(microsecond=0)
    try:
        folders, _ = storage.listdir(PENDING)
    except FileNotFoundError:  # no upload yet on the local filesystem (a bucket just lists nothing)
        return Cleared(journeys=0, files=0, saved_forms=saved_forms)
    alive = set(live_journey_keys()) if folders else set()
    journeys = files = 0
    for folder in sorted(set(folders) - alive):
        deleted = _delete_older_files(storage, f"{PENDING}/{folder}", before=started)
        files += deleted
        if delete_folder_if_empty(storage, f"{PENDING}/{folder}") or deleted:
            journeys += 1
    return Cleared(journeys=journeys, files=files, saved_forms=saved_forms)


def delete_expired_saved_forms() -> int:
    expired = SavedForm.objects.filter(expires_at__lte=timezone.now())
    keys = [f"save:{pk}" for pk in expired.values_list("pk", flat=True)]
    OutboundEmail.objects.filter(kind=OutboundEmail.Kind.SAVE_RETURN, idempotency_key__in=keys).delete()
    deleted, _ = expired.delete()
    return deleted


def _delete_older_files(storage: AttachmentStorage, folder: str, *, before: datetime) -> int:
    _, names = storage.listdir(folder)
    deleted = 0
    for name in names:
        path = f"{folder}/{name}"
        if storage.get_modified_time(path) < before:
            storage.delete(path)
            deleted += 1
    return deleted
