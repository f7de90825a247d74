"""Deleting members' files, through the attachment storage's API only (never a path on disk), once the
transaction that deleted their rows has committed: a rollback must never leave a row without its file.

A file that cannot be deleted (the storage is briefly unreachable) is logged by name, which is
server-made and says nothing about the member, and left behind; nothing else is held up by it.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from evidence.storage import AttachmentStorage

log = logging.getLogger(__name__)


def delete_files(names: Iterable[str]) -> int:
    """Delete the stored files ``names``, then each folder they leave empty; returns files deleted."""
    storage = AttachmentStorage()
    deleted, folders = 0, set()
    for name in names:
        try:
            storage.delete(name)
            deleted += 1
        except OSError:
            log.warning("Could not delete stored file %s; it is left behind.", name)
        if "/" in name:
            folders.add(name.rsplit("/", 1)[0])
    for folder in sorted(folders):
        delete_folder_if_empty(storage, folder)
    return deleted


def delete_files_after_commit(names: list[str]) -> None:
    if names:
        transaction.on_commit(lambda: delete_files(names))


def delete_folder_if_empty(storage: AttachmentStorage, folder: str) -> bool:
    try:
        if not storage.exists(folder):
            return False
        subfolders, files = storage.listdir(folder)
        if subfolders or files:
            return False
        storage.delete(folder)
        return True
    except OSError:
        log.warning("Could not remove the empty folder %s; it is left behind.", folder)
        return False
