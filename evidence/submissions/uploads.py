"""Members' files: which we accept (judged by content, never by name) and where they wait.

A file is checked and stored the moment it is uploaded, under a server-made name in a pending area
for the member's form journey, so it survives every later step. ``submission_create`` copies it into
the attachment storage when the evidence is sent; the pending copy goes once that has committed.
"""

import codecs
import os
import secrets
import shutil
import uuid
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from evidence.storage import private_folder, private_opener

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
TXT = "text/plain"

ACCEPTED_TYPES = "PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), plain text (TXT), PNG or JPEG"
# A hint for the browser's file picker only; the content decides.
ACCEPT = ".pdf,.docx,.xlsx,.odt,.txt,.png,.jpg,.jpeg"
SNIFF_BYTES = 8192
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class PendingUpload:
    """A checked file waiting in the journey's pending area; kept in the session as a dict."""

    id: str
    original_name: str
    content_type: str
    size: int

    def path(self, journey_key: uuid.UUID) -> Path:
        return pending_dir(journey_key) / self.id

    def to_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> "PendingUpload":
        return cls(**data)


def pending_dir(journey_key: uuid.UUID) -> Path:
    return Path(settings.EVIDENCE_ATTACHMENT_ROOT) / "pending" / str(uuid.UUID(str(journey_key)))


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
    """The file's content type if we accept it; otherwise a ValidationError naming the file."""
    name = display_name(uploaded)
    if files_so_far >= settings.EVIDENCE_MAX_FILES:
        raise ValidationError(
            f"{name} was not added: you can attach up to {settings.EVIDENCE_MAX_FILES} files. "
            "Remove a file to add another.",
            code="too_many",
        )
    size = _size(uploaded)
    if not size:
        raise ValidationError(f"{name} is empty. Choose a file with something in it.", code="empty")
    if size > settings.EVIDENCE_MAX_FILE_BYTES:
        limit = filesizeformat(settings.EVIDENCE_MAX_FILE_BYTES)
        raise ValidationError(f"{name} is larger than {limit}. Choose a smaller file.", code="too_big")
    content_type = sniff(uploaded)
    if content_type is None:
        raise ValidationError(
            f"{name} is not a type of file we accept. Attach a {ACCEPTED_TYPES} file.", code="type"
        )
    return content_type


def sniff(fileobj: IO[bytes]) -> str | None:
    """What the bytes are, whatever the name says: one of the accepted types, or None."""
    fileobj.seek(0)
    head = fileobj.read(SNIFF_BYTES)
    fileobj.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _office_document(fileobj)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in (PDF, PNG, JPEG) else None
    return TXT if _is_utf8_text(fileobj) else None


def _office_document(fileobj: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
            if (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size < 100
                and archive.read("mimetype").strip() == ODT.encode()
            ):
                return ODT
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    finally:
        fileobj.seek(0)
    return None


def _is_utf8_text(fileobj: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fileobj.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        fileobj.seek(0)
    return True


def store_pending(journey_key: uuid.UUID, uploaded: UploadedFile, content_type: str) -> PendingUpload:
    """Copies a checked file into the journey's pending area under a server-made name."""
    upload_id = secrets.token_hex(16)
    folder = pending_dir(journey_key)
    private_folder(folder)
    uploaded.seek(0)
    size = 0
    with open(folder / upload_id, "xb", opener=private_opener) as destination:
        for chunk in uploaded.chunks():
            size += destination.write(chunk)
    # The size of what was kept, which the upload itself may not know.
    return PendingUpload(
        id=upload_id, original_name=display_name(uploaded), content_type=content_type, size=size
    )


def discard_pending(journey_key: uuid.UUID, upload: PendingUpload) -> None:
    upload.path(journey_key).unlink(missing_ok=True)


def discard_journey_files(journey_key: uuid.UUID) -> None:
    shutil.rmtree(pending_dir(journey_key), ignore_errors=True)
