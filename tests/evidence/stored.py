"""What the attachment storage holds, asked through its API: the same on a local folder or a bucket."""

import time

from evidence.storage import AttachmentStorage


def stored_files(folder: str = "") -> list[str]:
    """Every file's name under ``folder``, sorted; none if the folder is not there."""
    storage = AttachmentStorage()
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [f"{prefix}{name}" for name in files]
    for sub in folders:
        names += stored_files(f"{prefix}{sub}")
    return sorted(names)


def read_stored(name: str) -> bytes:
    with AttachmentStorage().open(name, "rb") as stored:
        return stored.read()


def until_the_next_second() -> None:
    """Wait for the clock's next whole second: a bucket dates objects to the second, so the abandoned
    journeys' clean-up leaves a file written in its own second for the next run."""
    time.sleep(1 - time.time() % 1 + 0.01)
