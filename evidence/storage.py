"""Where members' files are kept: readable and writable by the service's own user only.

Rules: every file written under EVIDENCE_ATTACHMENT_ROOT is 0600 and every folder made there 0700,
whether the attachment storage writes it or the pending area of a form journey does
(``private_folder`` and ``private_opener``), so another account on the machine can read none of it.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> None:
    """Makes ``path`` and each missing folder above it 0700 (``mkdir(parents=True)`` would not)."""
    missing: list[Path] = []
    while not path.is_dir() and path != path.parent:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made at the same moment by another request
            continue
        os.chmod(folder, FOLDER_MODE)  # whatever the process's umask took away or left


def private_opener(path: str, flags: int) -> int:
    """For ``open(..., opener=private_opener)``: a new file is created 0600."""
    return os.open(path, flags, FILE_MODE)


@deconstructible
class AttachmentStorage(FileSystemStorage):
    """Members' files, under EVIDENCE_ATTACHMENT_ROOT: outside every URL the site serves.

    The location is read from settings on each use, so an operator (or a test) can move it.
    Staff download files through an admin view that sends them as attachments.
    """

    def __init__(self) -> None:
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
