"""The catalogue of bad files: each is posted to the attachments step as a member's browser would post
it, and each gets its own message next to the field, with nothing kept (no pending file, no
Attachment) and the member's answers as they were. The fake clamd (tests/clamd.py) scans whatever
passes the other checks, as clamd would in production. Good files still pass.
"""

import html
import re

import pytest

from evidence.models import Attachment, Submission
from evidence.submissions.uploads import SCANNER_DOWN
from tests.clamd import FakeClamd
from tests.files import bad_file, good_file, tiny_file, upload
from tests.journeys import answer_steps_before_contact

pytestmark = pytest.mark.django_db

PAGE = "/evidence/send/attachments/"
TYPES = "a PDF, Word, Excel, OpenDocument, image or text file"
MARKUP = (
    "contains web page or script code (such as HTML, SVG or JavaScript). Save it as a PDF and upload it again"
)
MACROS = "contains macros. Save it without macros and upload it again"
PDF_JS = "contains JavaScript. Print it to a new PDF and upload that instead"
UNCHECKED = "Print it to a new PDF and upload that instead"

# (the member's file name, what it holds (tests.files.bad_file), the message it gets)
CATALOGUE = [
    ("invoice.hta", "hta", f"invoice.hta {MARKUP}"),
    ("macro.cmd", "cmd", f"macro.cmd must be {TYPES}"),
    ("evil.svg", "svg", f"evil.svg {MARKUP}"),
    ("page.html", "html", f"page.html {MARKUP}"),
    ("photo.png", "html", f"photo.png {MARKUP}"),
    ("notes.txt", "script", f"notes.txt {MARKUP}"),
    ("install.txt", "shebang", f"install.txt {MARKUP}"),
    ("budget.csv", "csv", f"budget.csv must be {TYPES}"),
    ("minutes.txt", "latin1", "minutes.txt is not saved as UTF-8 text. Save it as UTF-8 and upload it again"),
    ("letter.docx", "docx_vba", f"letter.docx {MACROS}"),
    ("report.docx", "docx_vba_hidden", f"report.docx {MACROS}"),
    ("letter.docm", "docm", f"letter.docm {MACROS}"),
    ("renamed.docx", "docm_types_only", f"renamed.docx {MACROS}"),
    ("budget.xlsx", "xlsm", f"budget.xlsx {MACROS}"),
    ("budget.xlsm", "xlsm", f"budget.xlsm {MACROS}"),
    ("minutes.odt", "odt_basic", f"minutes.odt {MACROS}"),
    ("agenda.odt", "odt_event", f"agenda.odt {MACROS}"),
    (
        "form.docx",
        "docx_activex",
        "form.docx contains ActiveX controls. Save it without them and upload it again",
    ),
    (
        "packaged.docx",
        "docx_package",
        "packaged.docx contains an embedded program or package. Save it without embedded objects and upload it again",
    ),
    (
        "setup.docx",
        "docx_exe",
        "setup.docx contains an embedded program or package. Save it without embedded objects and upload it again",
    ),
    (
        "huge.docx",
        "zip_bomb_docx",
        "huge.docx is too large to check once unzipped. Split it into smaller files and upload them again",
    ),
    (
        "old.doc",
        "doc",
        "old.doc is in an old Word or Excel format. Save it as a Word (DOCX) or Excel (XLSX) file and upload it again",
    ),
    (
        "locked.docx",
        "docx_password",
        "locked.docx is protected with a password. Remove the password and upload it again",
    ),
    ("script.pdf", "pdf_javascript", f"script.pdf {PDF_JS}"),
    ("escaped.pdf", "pdf_hex_escaped", f"escaped.pdf {PDF_JS}"),
    (
        "launch.pdf",
        "pdf_launch",
        f"launch.pdf contains an action that opens another program. {UNCHECKED}",
    ),
    (
        "attached.pdf",
        "pdf_embedded_file",
        "attached.pdf has other files attached inside it. Save it without them and upload each file on its own",
    ),
    ("packed.pdf", "pdf_object_stream_js", f"packed.pdf {PDF_JS}"),
    ("packed-hex.pdf", "pdf_object_stream_hex_js", f"packed-hex.pdf {PDF_JS}"),
    ("bomb.pdf", "pdf_inflate_bomb", f"We could not check what bomb.pdf contains. {UNCHECKED}"),
    ("old-lzw.pdf", "pdf_lzw", f"We could not check what old-lzw.pdf contains. {UNCHECKED}"),
    (
        "secret.pdf",
        "pdf_encrypted",
        "secret.pdf is protected with a password or encrypted. Print it to a new PDF without protection "
        "and upload that instead",
    ),
    ("plan.pdf", "exe", f"plan.pdf is named as a PDF but is not one. Upload {TYPES}"),
    ("eicar.txt", "eicar", "eicar.txt contains a virus. Delete it and choose a different file"),
    ("empty.pdf", "empty", "empty.pdf is empty. Choose a file with something in it"),
]

GOOD = [
    ("plan.pdf", tiny_file("pdf")),
    ("letter.docx", tiny_file("docx")),
    ("budget.xlsx", tiny_file("xlsx")),
    ("minutes.odt", tiny_file("odt")),
    ("chart.png", tiny_file("png")),
    ("photo.jpeg", tiny_file("jpeg")),
    ("notes.txt", tiny_file("txt")),
    ("compressed.pdf", good_file("pdf_compressed")),
    ("packed.pdf", good_file("pdf_object_stream")),
    ("picture.docx", good_file("docx_picture")),
    ("picture.odt", good_file("odt_picture")),
    ("sizes.txt", good_file("text_with_angles")),
]


@pytest.fixture
def clamd(settings):
    fake = FakeClamd()
    settings.CLAMD_SOCKET = fake.unix_path
    settings.CLAMD_TIMEOUT_SECONDS = 2
    yield fake
    fake.close()


@pytest.fixture
def at_attachments(client):
    return answer_steps_before_contact(client)


def uploaded_names(client) -> list[str]:
    return [item["original_name"] for item in client.session["evidence_journey"]["uploads"]]


def pending_files(settings) -> list:
    return [path for path in (settings.EVIDENCE_ATTACHMENT_ROOT / "pending").rglob("*") if path.is_file()]


def errors_next_to_the_field(response) -> list[str]:
    """The messages inside the file field's own form group, above the input."""
    page = response.content.decode()
    group = re.search(
        r'<div class="govuk-form-group govuk-form-group--error">(.*?)</div>\s*<button', page, re.S
    )
    assert group, "the file field is not marked as in error"
    assert 'id="id_files"' in group.group(1)
    return [
        html.unescape(message).strip()
        for message in re.findall(
            r'<p id="id_files_\d+_error" class="govuk-error-message"><span class="govuk-visually-hidden">'
            r"Error:</span>(.*?)</p>",
            group.group(1),
            re.S,
        )
    ]


def summary_links(response) -> list[str]:
    page = response.content.decode()
    return [html.unescape(text) for text in re.findall(r'<a href="#id_files">(.*?)</a>', page, re.S)]


@pytest.mark.parametrize(("name", "kind", "message"), CATALOGUE, ids=[f"{n}-{k}" for n, k, _ in CATALOGUE])
def test_each_bad_file_gets_its_own_message_next_to_the_field_and_nothing_is_kept(
    client, at_attachments, clamd, settings, name, kind, message
):
    client.post(PAGE, {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "upload"})

    response = client.post(PAGE, {"files": [upload(name, bad_file(kind))], "action": "continue"})

    assert response.status_code == 200
    assert errors_next_to_the_field(response) == [message]
    assert summary_links(response) == [message]
    assert "<title>Error: Attach files (optional)" in response.content.decode()
    assert uploaded_names(client) == ["plan.pdf"], "the file added before stays; the bad one is not kept"
    assert len(pending_files(settings)) == 1
    assert not Attachment.objects.exists()
    experience = client.get("/evidence/send/your-experience/").content.decode()
    assert at_attachments["your-experience"]["experience"] in html.unescape(experience)


@pytest.mark.parametrize(("name", "content"), GOOD, ids=[name for name, _ in GOOD])
def test_good_files_still_pass_the_checks_and_the_scanner(client, at_attachments, clamd, name, content):
    response = client.post(PAGE, {"files": [upload(name, content)], "action": "upload"})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert uploaded_names(client) == [name]
    assert clamd.scanned == [content]


def test_a_file_refused_on_the_way_is_never_sent_with_the_evidence(
    client, at_attachments, clamd, django_capture_on_commit_callbacks
):
    files = [upload("letter.docm", bad_file("docm")), upload("plan.pdf", tiny_file("pdf"))]
    files += [upload("script.pdf", bad_file("pdf_javascript")), upload("eicar.txt", bad_file("eicar"))]
    client.post(PAGE, {"files": files, "action": "continue"})
    client.post(PAGE, {"action": "continue"})
    client.post("/evidence/send/contact-details/", at_attachments["contact-details"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/evidence/send/check-your-answers/")

    assert [a.original_name for a in Submission.objects.get().attachments.all()] == ["plan.pdf"]


def test_with_the_scanner_down_the_file_is_refused_with_a_message_to_try_later(
    client, at_attachments, settings, tmp_path
):
    settings.CLAMD_SOCKET = str(tmp_path / "clamd-gone.sock")

    response = client.post(
        PAGE,
        {
            "files": [upload("plan.pdf", tiny_file("pdf")), upload("notes.txt", tiny_file("txt"))],
            "action": "upload",
        },
    )

    assert errors_next_to_the_field(response) == [SCANNER_DOWN]
    assert SCANNER_DOWN == "We could not check your file for viruses just now. Try again later"
    assert uploaded_names(client) == []
    assert pending_files(settings) == []


def test_with_the_scanner_too_slow_the_file_is_refused_after_the_timeout(
    client, at_attachments, clamd, settings
):
    clamd.hang = True
    settings.CLAMD_TIMEOUT_SECONDS = 1

    response = client.post(PAGE, {"files": [upload("plan.pdf", tiny_file("pdf"))], "action": "upload"})

    assert errors_next_to_the_field(response) == [SCANNER_DOWN]
    assert uploaded_names(client) == []


def test_the_scanner_is_reached_over_tcp_too(client, at_attachments, clamd, settings):
    settings.CLAMD_SOCKET = clamd.tcp_address

    response = client.post(PAGE, {"files": [upload("eicar.txt", bad_file("eicar"))], "action": "upload"})

    assert errors_next_to_the_field(response) == [
        "eicar.txt contains a virus. Delete it and choose a different file"
    ]
