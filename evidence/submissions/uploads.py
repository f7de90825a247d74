"""Members' files: whether we accept one (``check_upload``) and where accepted ones wait.

A file is checked and stored the moment it is uploaded, under a server-made name in a pending area
for the member's form journey (``pending/<journey key>/`` in the attachment storage, through its API
only: the next step may reach another web node), so it survives every later step.
``submission_create`` copies it into the attachments when the evidence is sent; the pending copy goes
once that has committed.
"""

import contextlib
import logging
import os
import secrets
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from evidence.storage import AttachmentStorage
from evidence.submissions.file_checks import FileRefused, inspect

# The hint under the field and the file picker's accept list, for the attachments page.
from evidence.submissions.file_types import ACCEPT as ACCEPT
from evidence.submissions.file_types import ACCEPTED_TYPES as ACCEPTED_TYPES
from evidence.submissions.virus_scan import ScannerUnavailable, find_virus, scanning_enabled

log = logging.getLogger(__name__)

SCANNER_DOWN = "We could not check your file for viruses just now. Try again later"


@dataclass(frozen=True)
class PendingUpload:
    """A checked file waiting in the journey's pending area; kept in the session as a dict."""

    id: str
    original_name: str
    content_type: str
    size: int

    def stored_name(self, journey_key: uuid.UUID) -> str:
        """Its name in the attachment storage."""
        return f"{pending_folder(journey_key)}/{self.id}"

    def to_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> "PendingUpload":
        return cls(**data)


def pending_folder(journey_key: uuid.UUID) -> str:
    return f"pending/{uuid.UUID(str(journey_key))}"


def display_name(uploaded: UploadedFile) -> str:
    """The member's file name, safe to show and to store: printable characters only."""
    name = "".join(ch for ch in Path(uploaded.name or "").name if ch.isprintable()).strip()
    return name[:255] or "Unnamed file"


def _size(uploaded: UploadedFile) -> int:
    """The file's size in bytes, measured if the upload does not say (``UploadedFile.size`` may be None)."""
    if uploaded.size is not None:
        return uploaded.size
    uploaded.seek(0, os.SEEK_END)
    size = uploaded.tell()
    uploaded.seek(0)
    return size


def check_upload(uploaded: UploadedFile, *, files_so_far: int) -> str:
    """The file's content type if we accept it; otherwise a ValidationError naming the file.

    The checks themselves and their messages are in ``file_checks``; the virus scan, the slowest,
    runs last and only on a file that passed everything else.
    """
    name = display_name(uploaded)
    if files_so_far >= settings.EVIDENCE_MAX_FILES:
        raise ValidationError(
            f"{name} was not added: you can attach up to {settings.EVIDENCE_MAX_FILES} files. "
            "Remove a file to add another",
            code="too_many",
        )
    size = _size(uploaded)
    if not size:
        raise ValidationError(f"{name} is empty. Choose a file with something in it", code="empty")
    if size > settings.EVIDENCE_MAX_FILE_BYTES:
        limit = filesizeformat(settings.EVIDENCE_MAX_FILE_BYTES)
        raise ValidationError(f"{name} is larger than {limit}. Choose a smaller file", code="too_big")
    try:
        kind = inspect(uploaded, name=name)
    except FileRefused as refused:
        raise ValidationError(refused.message, code=refused.code) from None
    if scanning_enabled():
        _scan(uploaded, name=name)
    return kind.mime


def _scan(uploaded: UploadedFile, *, name: str) -> None:
    try:
        virus = find_virus(uploaded)
    except ScannerUnavailable as error:
        log.warning("Virus scanner unavailable, upload refused: %s", error)
        raise ValidationError(SCANNER_DOWN, code="scanner_down") from None
    if virus is not None:
        log.warning("Virus scanner found %s in an upload; refused.", virus)
        raise ValidationError(f"{name} contains a virus. Delete it and choose a different file", code="virus")


def store_pending(journey_key: uuid.UUID, uploaded: UploadedFile, content_type: str) -> PendingUpload:
    """Copies a checked file into the journey's pending area under a server-made name."""
    size = _size(uploaded)  # what is kept, which the upload itself may not know
    uploaded.seek(0)
    stored = AttachmentStorage().save(f"{pending_folder(journey_key)}/{secrets.token_hex(16)}", uploaded)
    upload_id = stored.rsplit("/", 1)[1]  # as the storage named it, were the name ever taken
    return PendingUpload(
        id=upload_id, original_name=display_name(uploaded), content_type=content_type, size=size
    )


def discard_pending(journey_key: uuid.UUID, upload: PendingUpload) -> None:
    AttachmentStorage().delete(upload.stored_name(journey_key))


def discard_journey_files(journey_key: uuid.UUID) -> None:
    storage = AttachmentStorage()
    folder = pending_folder(journey_key)
    try:
        _, names = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever uploaded (a bucket just lists nothing)
        return
    for name in names:
        storage.delete(f"{folder}/{name}")
    # A folder on the local filesystem (a bucket has none); one a parallel upload refilled stays.
    with contextlib.suppress(OSError):
        if storage.exists(folder):
            storage.delete(folder)
