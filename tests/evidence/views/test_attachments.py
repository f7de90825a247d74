"""The attachments page (evidence.views.journey.attachments): files kept as soon as they arrive, refused
ones named, removable.
"""

import pytest

from evidence.models import Attachment, Submission
from tests.files import tiny_file, upload
from tests.journeys import answer_steps_before_contact

pytestmark = pytest.mark.django_db

PAGE = "/evidence/send/attachments/"


@pytest.fixture
def at_attachments(client):
    answers = answer_steps_before_contact(client)
    return answers


def uploaded_names(client) -> list[str]:
    return [item["original_name"] for item in client.session["evidence_journey"]["uploads"]]


def test_an_uploaded_file_is_kept_and_listed(client, at_attachments):
    response = client.post(PAGE, {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "upload"})

    assert response["Location"] == PAGE
    assert uploaded_names(client) == ["plan.pdf"]
    page = client.get(PAGE).content.decode()
    assert "plan.pdf" in page
    assert 'Remove<span class="govuk-visually-hidden"> plan.pdf</span>' in page


def test_several_files_can_be_chosen_at_once(client, at_attachments):
    files = [upload("plan.pdf", tiny_file("pdf")), upload("chart.png", tiny_file("png"))]

    client.post(PAGE, {"files": files, "action": "upload"})

    assert uploaded_names(client) == ["plan.pdf", "chart.png"]


def test_files_survive_the_later_steps_and_become_attachments(
    client, at_attachments, settings, django_capture_on_commit_callbacks
):
    client.post(PAGE, {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "continue"})
    client.post("/evidence/send/contact-details/", at_attachments["contact-details"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/evidence/send/check-your-answers/")

    attachment = Attachment.objects.get()
    assert attachment.submission == Submission.objects.get()
    assert attachment.original_name == "plan.pdf"
    assert (settings.EVIDENCE_ATTACHMENT_ROOT / attachment.file.name).read_bytes() == tiny_file("pdf")
    pending = settings.EVIDENCE_ATTACHMENT_ROOT / "pending"
    assert [path for path in pending.rglob("*") if path.is_file()] == []


def test_a_file_can_be_removed(client, at_attachments, settings):
    client.post(PAGE, {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "upload"})
    upload_id = client.session["evidence_journey"]["uploads"][0]["id"]

    response = client.post(PAGE, {"remove": upload_id})

    assert response["Location"] == PAGE
    assert uploaded_names(client) == []
    assert not list((settings.EVIDENCE_ATTACHMENT_ROOT / "pending").rglob(upload_id))


def test_removing_an_unknown_file_changes_nothing(client, at_attachments):
    client.post(PAGE, {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "upload"})

    client.post(PAGE, {"remove": "../../etc/passwd"})

    assert uploaded_names(client) == ["plan.pdf"]


def test_a_refused_file_is_named_and_the_good_ones_are_kept(client, at_attachments):
    files = [upload("plan.pdf", tiny_file("pdf")), upload("virus.pdf", tiny_file("elf"))]

    response = client.post(PAGE, {"files": files, "action": "continue"})

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_files">virus.pdf is named as a PDF but is not one.' in page
    assert "<title>Error: Attach files (optional)" in page
    assert uploaded_names(client) == ["plan.pdf"]


def test_a_sixth_file_is_refused(client, at_attachments, settings):
    settings.EVIDENCE_MAX_FILES = 5
    files = [upload(f"file{n}.txt", tiny_file("txt")) for n in range(1, 7)]

    response = client.post(PAGE, {"files": files, "action": "upload"})

    assert "file6.txt was not added: you can attach up to 5 files." in response.content.decode()
    assert len(uploaded_names(client)) == 5
    assert 'name="files"' not in client.get(PAGE).content.decode(), "no more uploads offered"


def test_an_oversize_file_is_refused(client, at_attachments, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 1024

    response = client.post(PAGE, {"files": [upload("big.txt", b"x" * 1025)], "action": "upload"})

    assert "big.txt is larger than 1.0\xa0KB" in response.content.decode()
    assert uploaded_names(client) == []


def test_an_empty_file_is_refused(client, at_attachments):
    response = client.post(PAGE, {"files": [upload("empty.docx", b"")], "action": "upload"})

    assert "empty.docx is empty" in response.content.decode()


def test_attachments_are_optional(client, at_attachments):
    response = client.post(PAGE, {"action": "continue"})

    assert response["Location"] == "/evidence/send/contact-details/"
