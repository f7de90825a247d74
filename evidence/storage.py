"""Where members' files are kept: the attachments and the pending uploads of a form journey.

Rules:

- Every file goes through the storage ``STORAGES["evidence"]`` names (``nasuwt_send/settings.py``,
  "File storage"): the local folder EVIDENCE_ATTACHMENT_ROOT by default, an S3-compatible bucket when
  ``EVIDENCE_STORAGE=s3``. No code opens a path under the attachment root itself, so several web nodes
  can share one bucket.
- On the local filesystem every file is 0600 and every folder 0700 (``LocalFiles``), so another account
  on the machine can read none of it. In a bucket every object is private and encrypted at rest (the
  settings' ACL and object parameters).
- Nothing has a URL: staff download files through an admin view that streams them.
"""

import os
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible

FILE_MODE = 0o600
FOLDER_MODE = 0o700
STORAGE_ALIAS = "evidence"


@deconstructible
class LocalFiles(FileSystemStorage):
    """Members' files under EVIDENCE_ATTACHMENT_ROOT: outside every URL the site serves.

    The location is read from settings on each use, so an operator (or a test) can move it.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(file_permissions_mode=FILE_MODE, directory_permissions_mode=FOLDER_MODE)

    @property
    def base_location(self) -> str:
        return str(settings.EVIDENCE_ATTACHMENT_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):  # None, where Django's says str: there is no URL, and url() refuses
        return None

    def url(self, name: str | None) -> str:
        raise ValueError("Attachments have no public URL; staff download them through the admin.")


def evidence_storage() -> Storage:
    """The configured storage, looked up on each use (settings may change it, in tests)."""
    return storages[STORAGE_ALIAS]


@deconstructible(path="evidence.storage.AttachmentStorage")
class AttachmentStorage(Storage):
    """What ``Attachment.file`` names (migration 0001): every operation goes to ``evidence_storage()``."""

    def open(self, name: str, mode: str = "rb") -> File:
        return evidence_storage().open(name, mode)

    def save(self, name: str | None, content: IO[Any], max_length: int | None = None) -> str:
        return evidence_storage().save(name, content, max_length=max_length)

    def delete(self, name: str) -> None:
        evidence_storage().delete(name)

    def exists(self, name: str) -> bool:
        return evidence_storage().exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return evidence_storage().listdir(path)

    def size(self, name: str) -> int:
        return evidence_storage().size(name)

    def url(self, name: str | None) -> str:
        raise ValueError("Attachments have no public URL; staff download them through the admin.")

    def path(self, name: str) -> str:
        return evidence_storage().path(name)

    def get_valid_name(self, name: str) -> str:
        return evidence_storage().get_valid_name(name)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return evidence_storage().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        return evidence_storage().generate_filename(filename)

    def get_accessed_time(self, name: str) -> datetime:
        return evidence_storage().get_accessed_time(name)

    def get_created_time(self, name: str) -> datetime:
        return evidence_storage().get_created_time(name)

    def get_modified_time(self, name: str) -> datetime:
        return evidence_storage().get_modified_time(name)
