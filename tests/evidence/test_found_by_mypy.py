"""What mypy (with django-stubs) found, each test naming the error that led to it.

Django's own upload handlers always give an ``UploadedFile`` its size, so the tests of an unknown size
are at the level of the functions that take one; the journey's are through the test client, as a
member would meet them.
"""

import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from evidence.submissions.uploads import PDF, check_upload, pending_dir, store_pending
from tests.factories import answer_evidence_steps, evidence_answers, tiny_file

SEND = "/evidence/send/"
CHECK = f"{SEND}check-your-answers/"


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
    assert (pending_dir(journey_key) / pending.id).read_bytes() == content


@pytest.mark.django_db
def test_the_back_link_of_check_your_answers_goes_to_the_last_step(client):
    """mypy: ``Argument 1 to "step_url" has incompatible type "str | None"; expected "str"``
    (evidence/views/send.py).

    ``Journey.previous_step`` is None before the first step only, never before check your answers,
    so no member could meet this one: the page now shares the question pages' back link, which
    handles None. This test keeps the link where it was.
    """
    answer_evidence_steps(client, evidence_answers())

    page = client.get(CHECK).content.decode()

    assert f'href="{SEND}contact-details/" class="govuk-back-link"' in page
