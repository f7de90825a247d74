"""Members' files on the real filesystem: readable by the service's own user only (0600 files, 0700 folders).

The tests set a permissive umask (022, the usual default) so that modes come from the code, not from
whatever umask the test run happens to have.
"""

import os
import stat
from pathlib import Path

import pytest

from evidence.models import Attachment
from tests.files import tiny_file, upload
from tests.journeys import evidence_answers, send_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def folders_between(root: Path, path: Path) -> list[Path]:
    """Every folder from the one holding ``path`` up to ``root`` itself."""
    folders = [path.parent]
    while folders[-1] != root:
        folders.append(folders[-1].parent)
    return folders


def test_a_stored_attachment_is_0600_in_folders_that_are_0700(client, settings):
    root = settings.EVIDENCE_ATTACHMENT_ROOT
    assert not root.exists(), "the storage makes the root itself"

    send_evidence(client, evidence_answers(), files=[upload("plan.pdf", tiny_file("pdf"))])

    path = Path(Attachment.objects.get().file.path)
    assert path.read_bytes() == tiny_file("pdf")
    assert mode(path) == 0o600
    folders = folders_between(root, path)
    assert len(folders) == 2, "the root and the submission's own folder"
    assert [oct(mode(folder)) for folder in folders] == ["0o700"] * 2


def test_a_pending_upload_is_0600_in_folders_that_are_0700(client, settings):
    root = settings.EVIDENCE_ATTACHMENT_ROOT
    client.get("/evidence/send/")
    for step, data in evidence_answers().items():
        if step == "contact-details":
            break
        client.post(f"/evidence/send/{step}/", data)

    response = client.post(
        "/evidence/send/attachments/", {"files": [upload("notes.txt", tiny_file("txt"))], "action": "upload"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    [path] = [Path(folder) / name for folder, _, names in os.walk(root) for name in names]
    assert path.read_bytes() == tiny_file("txt")
    assert mode(path) == 0o600
    assert [oct(mode(folder)) for folder in folders_between(root, path)] == ["0o700"] * 3, (
        "the root, pending/ and the journey's own folder"
    )
