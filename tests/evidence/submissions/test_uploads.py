"""Attachments are judged by their content and then their name, and kept in the journey's pending area.

The catalogue of refused files is test_bad_files.py; the checks themselves, test_file_checks.py.
"""

import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from evidence.submissions import file_types
from evidence.submissions.uploads import (
    check_upload,
    discard_journey_files,
    pending_folder,
    store_pending,
)
from tests.evidence.stored import read_stored, stored_files
from tests.files import tiny_file, upload

PDF, PNG, JPEG = file_types.PDF.mime, file_types.PNG.mime, file_types.JPEG.mime
DOCX, XLSX, ODT, TXT = file_types.DOCX.mime, file_types.XLSX.mime, file_types.ODT.mime, file_types.TXT.mime


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("pdf", "plan.pdf", PDF),
        ("png", "chart.png", PNG),
        ("jpeg", "photo.jpg", JPEG),
        ("docx", "letter.docx", DOCX),
        ("xlsx", "budget.xlsx", XLSX),
        ("odt", "minutes.odt", ODT),
        ("txt", "notes.txt", TXT),
    ],
)
def test_it_accepts_each_allowed_type_by_content(kind, name, expected):
    assert check_upload(upload(name, tiny_file(kind)), files_so_far=0) == expected


def test_it_refuses_a_file_whose_name_belongs_to_another_type_than_its_content():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("budget.txt", tiny_file("pdf")), files_so_far=0)

    assert refused.value.code == "wrong_extension"
    assert refused.value.messages == [
        "budget.txt is a PDF but its name ends in .txt. Rename it to end in .pdf and upload it again"
    ]


@pytest.mark.parametrize(
    ("kind", "name"),
    [("elf", "plan.pdf"), ("exe", "letter.docx"), ("zip", "budget.xlsx")],
)
def test_it_refuses_a_renamed_executable_or_archive_naming_the_file(kind, name):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, tiny_file(kind)), files_so_far=0)

    assert refused.value.code == "not_what_it_says"
    assert refused.value.messages[0].startswith(f"{name} is named as ")
    assert "Upload a PDF, Word, Excel, OpenDocument, image or text file" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"text with a \x00 null byte", "not_what_it_says"),
        ("caf\xe9 in Latin-1".encode("latin-1"), "not_utf8"),
    ],
    ids=["nul-byte", "not-utf8"],
)
def test_it_refuses_text_that_is_not_clean_utf8(content, code):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("notes.txt", content), files_so_far=0)

    assert refused.value.code == code


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("empty.pdf", b""), files_so_far=0)

    assert refused.value.messages == ["empty.pdf is empty. Choose a file with something in it"]


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        check_upload(upload("big.txt", b"x" * 101), files_so_far=0)

    assert refused.value.code == "too_big"
    assert refused.value.messages == ["big.txt is larger than 100\xa0bytes. Choose a smaller file"]


def test_it_accepts_a_file_exactly_at_the_size_limit(settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 100

    assert check_upload(upload("full.txt", b"x" * 100), files_so_far=0) == TXT


def test_it_refuses_a_sixth_file(settings):
    settings.EVIDENCE_MAX_FILES = 5

    with pytest.raises(ValidationError) as refused:
        check_upload(upload("sixth.pdf", tiny_file("pdf")), files_so_far=5)

    assert refused.value.code == "too_many"
    assert "sixth.pdf" in refused.value.messages[0]


def test_it_keeps_a_file_under_a_server_made_name_in_the_journeys_pending_area(settings):
    journey_key = uuid.uuid4()

    pending = store_pending(journey_key, upload("../../etc/passwd.pdf", tiny_file("pdf")), PDF)

    assert pending.stored_name(journey_key) == f"pending/{journey_key}/{pending.id}" and len(pending.id) == 32
    assert (settings.EVIDENCE_ATTACHMENT_ROOT / "pending" / str(journey_key) / pending.id).is_file()
    assert read_stored(pending.stored_name(journey_key)) == tiny_file("pdf")
    assert pending.original_name == "passwd.pdf"
    assert (pending.content_type, pending.size) == (PDF, len(tiny_file("pdf")))


def test_it_strips_control_characters_from_the_name_it_shows():
    pending = store_pending(uuid.uuid4(), upload("pl\x00an\x1b.pdf", tiny_file("pdf")), PDF)

    assert pending.original_name == "plan.pdf"


def test_discarding_a_journey_removes_its_pending_files(settings):
    journey_key = uuid.uuid4()
    store_pending(journey_key, upload("plan.pdf", tiny_file("pdf")), PDF)

    discard_journey_files(journey_key)

    assert stored_files(pending_folder(journey_key)) == []
    assert not (settings.EVIDENCE_ATTACHMENT_ROOT / "pending" / str(journey_key)).exists()


# Found by mypy (django-stubs types UploadedFile.size as int | None). Django's own upload handlers
# always set the size, so these are at the level of the functions that take an upload.


def unsized(name: str, content: bytes) -> UploadedFile:
    """An upload that does not say how big it is: ``UploadedFile.size`` is ``int | None``."""
    uploaded = UploadedFile(io.BytesIO(content), name=name, content_type="application/octet-stream")
    assert uploaded.size is None
    return uploaded


def test_a_file_of_unknown_size_is_judged_by_its_content_not_refused_as_empty():
    """mypy: ``Argument "size" to "PendingUpload" has incompatible type "int | None"; expected "int"``
    (evidence/submissions/uploads.py, store_pending).

    ``UploadedFile.size`` may be None. check_upload read None as "empty" and refused the file as having
    nothing in it, whatever it held.
    """
    assert check_upload(unsized("plan.pdf", tiny_file("pdf")), files_so_far=0) == PDF


def test_a_file_of_unknown_size_over_the_limit_is_refused_as_too_big(settings):
    """mypy: as above; an unknown size was never compared with EVIDENCE_MAX_FILE_BYTES."""
    settings.EVIDENCE_MAX_FILE_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        check_upload(unsized("notes.txt", b"x" * 101), files_so_far=0)

    assert refused.value.code == "too_big"


def test_a_file_of_unknown_size_is_kept_with_the_size_stored(settings, tmp_path):
    """mypy: ``Argument "size" to "PendingUpload" has incompatible type "int | None"; expected "int"``.

    store_pending kept the upload's own size, None here, in the session: check your answers would list
    the file as "0 bytes". What it keeps now is the size of what it stored.
    """
    settings.EVIDENCE_ATTACHMENT_ROOT = tmp_path
    journey_key = uuid.uuid4()
    content = tiny_file("pdf")

    pending = store_pending(journey_key, unsized("plan.pdf", content), PDF)

    assert pending.size == len(content)
    assert read_stored(pending.stored_name(journey_key)) == content
