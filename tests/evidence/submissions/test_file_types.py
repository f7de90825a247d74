"""The names files may carry and the name each downloads under (evidence.submissions.file_types)."""

import pytest

from evidence.submissions.file_types import (
    ACCEPT,
    BY_EXTENSION,
    DOCX,
    JPEG,
    PDF,
    TXT,
    XLSX,
    download_mime,
    download_name,
    extension,
)


def test_only_the_accepted_types_extensions_are_offered_to_the_file_picker():
    assert ACCEPT == ".pdf,.docx,.xlsx,.odt,.txt,.png,.jpg,.jpeg"


@pytest.mark.parametrize(
    "name",
    [
        "page.html",
        "page.htm",
        "evil.svg",
        "invoice.hta",
        "macro.cmd",
        "run.bat",
        "app.js",
        "data.csv",
        "setup.exe",
        "letter.docm",
        "budget.xlsm",
        "plan",
    ],
)
def test_no_other_extension_belongs_to_any_type(name):
    assert extension(name) not in BY_EXTENSION


def test_the_extension_is_read_case_blind_from_the_last_part_of_a_windows_path():
    assert extension(r"C:\Users\erin\Plan.PDF") == ".pdf"


@pytest.mark.parametrize(
    ("original", "mime", "expected"),
    [
        ("Banding letter.pdf", PDF.mime, "Banding letter.pdf"),
        ("invoice.hta", TXT.mime, "invoice.txt"),
        ("photo.JPEG", JPEG.mime, "photo.jpg"),
        ("budget.final.xlsx", XLSX.mime, "budget.final.xlsx"),
        ("letter.pdf.exe", TXT.mime, "letter.pdf.txt"),
        ("../../etc/passwd", TXT.mime, "passwd.txt"),
        (r"C:\Users\erin\Desktop\plan.docx", DOCX.mime, "plan.docx"),
        ("cod\u202eexe.docx", DOCX.mime, "codexe.docx"),
        ("line\r\nbreak\x00.pdf", PDF.mime, "linebreak.pdf"),
        ('a"b<c>d|e?f*g:h.pdf', PDF.mime, "a_b_c_d_e_f_g_h.pdf"),
        (".hidden.txt", TXT.mime, "hidden.txt"),
        ("...", PDF.mime, "attachment.pdf"),
        ("", PDF.mime, "attachment.pdf"),
        ("x" * 300 + ".pdf", PDF.mime, "x" * 100 + ".pdf"),
        ("page.html", "text/html", "page.bin"),
    ],
)
def test_the_download_name_is_the_safe_stem_plus_the_sniffed_types_extension(original, mime, expected):
    assert download_name(original, mime) == expected


def test_a_type_we_do_not_accept_downloads_as_plain_bytes():
    assert download_mime("text/html") == "application/octet-stream"
    assert download_mime(PDF.mime) == PDF.mime
