"""A pack's file goes through the evidence storage, on the local folder and in a private bucket alike:
stored under packs/, with no URL, read back for the download, deleted with the pack."""

import pytest

from evidence.models import EvidencePack
from evidence.publishing.packs import lifecycle
from evidence.storage import evidence_storage
from tests.factories import SvDbvAnswerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]


def test_a_pack_is_stored_without_a_url_and_deleted_with_its_row(alice, django_capture_on_commit_callbacks):
    SvDbvAnswerFactory(programme="sv")
    pack = EvidencePack.objects.create(kind="programme", key="sv", format="pdf", requested_by=alice)
    pack = lifecycle.make_pack(pack_id=pack.pk)

    assert pack.file.name.startswith("packs/")
    with pack.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    with pytest.raises(ValueError, match="no public URL"):
        pack.file.url  # noqa: B018

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.delete_packs([pack])
    assert not evidence_storage().exists(pack.file.name)
