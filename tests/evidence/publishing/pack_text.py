"""Reading a pack back as text: the PDF's page streams (inflated when compressed) and the DOCX's
paragraphs and table cells through python-docx."""

import base64
import contextlib
import io
import re
import zlib

from docx import Document

STREAM = re.compile(rb"stream\r?\n(.*?)\s*endstream", re.S)
SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj")


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-"), "not a PDF"
    parts = []
    for raw in STREAM.findall(content):
        if raw.endswith(b"~>"):  # ReportLab's /ASCII85Decode /FlateDecode
            raw = base64.a85decode(raw[:-2])
        with contextlib.suppress(zlib.error):  # an uncompressed page stays as it is
            raw = zlib.decompress(raw)
        parts += [re.sub(rb"\\(.)", rb"\1", m).decode("latin-1") for m in SHOWN.findall(raw)]
    return " ".join(parts)


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", content))


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)
