"""What a file really is and whether we take it (evidence.submissions.file_checks, office_checks and
pdf_checks), case by case; the whole catalogue through the journey is test_bad_files.py.
"""

import io
import zlib

import pytest

from evidence.submissions import pdf_checks
from evidence.submissions.file_checks import FileRefused, inspect
from evidence.submissions.file_types import DOCX, PDF, TXT
from evidence.submissions.pdf_checks import PdfRefused, check_pdf
from tests.files import bad_file, good_file, object_stream, pdf_of, pdf_stream, tiny_file, zip_of


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(FileRefused) as refused:
        inspect(io.BytesIO(content), name=name)
    return refused.value.code


def pdf_refusal(content: bytes) -> str:
    with pytest.raises(PdfRefused) as refused:
        check_pdf(content)
    return refused.value.code


# --- Text -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<SCRIPT>alert(1)</SCRIPT>",
        "< svg onload=alert(1)>",
        "<?xml version='1.0'?><x/>",
        "<!doctype html><p>hi",
        "<iframe src=//example.invalid>",
        "Notes\n" * 20_000 + "<script>",  # beyond the first chunk read
        "\ufeff<html>",
        '<div class="x" onmouseover="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "<img src=x onerror=alert(1)>",
    ],
)
def test_text_holding_markup_anywhere_is_refused(text):
    assert refusal("notes.txt", text.encode()) == "markup"


def test_markup_split_across_two_chunks_is_still_found():
    text = "x" * (64 * 1024 - 3) + "<script>alert(1)</script>"
    assert refusal("notes.txt", text.encode()) == "markup"


@pytest.mark.parametrize(
    "text",
    [
        "Pupils <5 in the class, ratio 1<2",
        "Use <b>bold</b> and a->b",
        "email <erin@example.org>",
        "#1 priority",
    ],
)
def test_ordinary_text_with_angle_brackets_passes(text):
    assert inspect(io.BytesIO(text.encode()), name="notes.txt") is TXT


# --- Office files ---------------------------------------------------------------------------------


def test_a_docx_passes_as_docx_whatever_case_its_extension_is_in():
    assert inspect(io.BytesIO(tiny_file("docx")), name="LETTER.DOCX") is DOCX


def test_a_broken_zip_named_docx_is_not_what_it_says():
    assert refusal("letter.docx", tiny_file("docx")[:40]) == "not_what_it_says"


def test_a_zip_with_more_members_than_the_limit_is_refused_unread(monkeypatch):
    monkeypatch.setattr("evidence.submissions.office_checks.MAX_MEMBERS", 3)
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "a.xml": b"", "b.xml": b""}
    assert refusal("letter.docx", zip_of(members)) == "unzipped_too_big"


def test_an_embedded_excel_sheet_in_a_docx_is_fine():
    content = zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": tiny_file("xlsx"),
        }
    )
    assert inspect(io.BytesIO(content), name="letter.docx") is DOCX


# --- PDFs -----------------------------------------------------------------------------------------


def test_a_plain_pdf_and_one_with_compressed_streams_pass():
    assert inspect(io.BytesIO(tiny_file("pdf")), name="plan.pdf") is PDF
    assert inspect(io.BytesIO(good_file("pdf_compressed")), name="plan.pdf") is PDF
    assert inspect(io.BytesIO(good_file("pdf_object_stream")), name="plan.pdf") is PDF


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (b"/#4A#53 (x)", "pdf_javascript"),
        (b"/JS<6170702e616c657274>", "pdf_javascript"),
        (b"/JS 7 0 R", "pdf_javascript"),
        (b"/Java#53cript 7 0 R", "pdf_javascript"),
        (b"/L#61unch", "pdf_launch"),
        (b"/Emb#65ddedFiles", "pdf_embedded_file"),
        (b"/RichMedia", "pdf_media"),
    ],
)
def test_names_are_read_with_their_escapes_decoded(name, code):
    assert pdf_refusal(pdf_of(b"<<" + name + b">>")) == code


def test_js_as_a_bare_name_in_binary_data_is_not_javascript():
    check_pdf(pdf_of(pdf_stream(b"", b"\x00/JS\x00\x01binary font data")))


def test_a_stream_is_read_to_the_end_of_its_compressed_data_not_to_a_planted_endstream():
    packed = zlib.compress(b"4 0 " + b"(endstream)" + b" " * 100 + b"<</S/JavaScript/JS(x)>>", 0)
    data = pdf_of(
        b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length 12>>\nstream\n" + packed + b"\nendstream"
    )
    assert pdf_refusal(data) == "pdf_javascript"


def test_javascript_behind_ascii85_then_flate_is_found():
    import base64

    packed = base64.a85encode(zlib.compress(b"4 0 <</S/JavaScript/JS(x)>>")) + b"~>"
    data = pdf_of(pdf_stream(b"/Type/ObjStm/N 1/First 4/Filter[/A85/FlateDecode]", packed))
    assert pdf_refusal(data) == "pdf_javascript"


def test_decoding_beyond_the_budget_fails_closed(monkeypatch):
    monkeypatch.setattr(pdf_checks, "DECODE_BUDGET_BYTES", 1000)
    data = pdf_of(object_stream((4, b"<</Type/Font>>" + b" " * 2000)))
    assert pdf_refusal(data) == "pdf_unchecked"


def test_the_budget_counts_every_stream_together(monkeypatch):
    monkeypatch.setattr(pdf_checks, "DECODE_BUDGET_BYTES", 1000)
    streams = [pdf_stream(b"/Filter/FlateDecode", zlib.compress(b" " * 400)) for _ in range(3)]
    assert pdf_refusal(pdf_of(*streams)) == "pdf_unchecked"


def test_a_stream_with_a_predictor_we_do_not_undo_fails_closed():
    data = pdf_of(
        pdf_stream(b"/Filter/FlateDecode/DecodeParms<</Predictor 2/Columns 4>>", zlib.compress(b"abcd"))
    )
    assert pdf_refusal(data) == "pdf_unchecked"


def test_pictures_and_cross_reference_streams_are_not_decoded(monkeypatch):
    monkeypatch.setattr(pdf_checks, "DECODE_BUDGET_BYTES", 10)
    picture = pdf_stream(b"/Subtype/Image/Filter/FlateDecode", zlib.compress(b"\x00" * 1000))
    jpeg = pdf_stream(b"/Filter/DCTDecode", tiny_file("jpeg"))
    xref = pdf_stream(
        b"/Type/XRef/Filter/FlateDecode/DecodeParms<</Predictor 12>>", zlib.compress(b"\x00" * 1000)
    )
    check_pdf(pdf_of(picture, jpeg, xref))


def test_a_damaged_stream_fails_closed():
    packed = zlib.compress(b"4 0 <</S/JavaScript/JS(x)>>" + b" " * 5000)
    data = pdf_of(pdf_stream(b"/Filter/FlateDecode", packed[: len(packed) // 2] + b"garbage"))
    assert pdf_refusal(data) == "pdf_unchecked"


def test_the_catalogues_pdfs_are_refused_by_check_pdf_alone():
    assert pdf_refusal(bad_file("pdf_object_stream_js")) == "pdf_javascript"


def test_more_streams_than_the_limit_fail_closed(monkeypatch):
    monkeypatch.setattr(pdf_checks, "MAX_STREAMS", 2)
    streams = [pdf_stream(b"", b"BT (x) Tj ET") for _ in range(3)]
    assert pdf_refusal(pdf_of(*streams)) == "pdf_unchecked"


def test_an_escaped_encrypt_entry_is_still_encryption():
    assert pdf_refusal(pdf_of(b"<</Filter/Standard>>", trailer=b"/Encr#79pt 3 0 R")) == "pdf_encrypted"


def test_an_embedded_macro_enabled_document_counts_as_macros():
    content = zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/embeddings/Microsoft_Word_Macro-Enabled_Document.docm": bad_file("docm"),
        }
    )
    assert refusal("letter.docx", content) == "macros"


def test_an_odt_as_libreoffice_writes_it_with_its_empty_scripts_element_passes():
    content = zip_of(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content><office:scripts/><office:body><office:text>"
            b"<text:p>Minutes</text:p></office:text></office:body></office:document-content>",
        }
    )
    assert inspect(io.BytesIO(content), name="minutes.odt").label == "OpenDocument text file"


def test_an_odt_link_that_runs_a_macro_counts_as_macros():
    content = zip_of(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b'<text:a xlink:href="macro:///Tools.Misc.Run">Open</text:a>',
        }
    )
    assert refusal("minutes.odt", content) == "macros"
