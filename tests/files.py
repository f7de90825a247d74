"""Small but real files for the upload tests: each accepted type, and a few that must be refused."""

import base64
import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def _zip(members: dict[str, bytes]) -> bytes:
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
        return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    if kind == "xlsx":
        return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    if kind == "odt":
        return _zip(
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"}
        )
    if kind == "txt":
        return "Notes from the SEND review meeting: £2,000 cut.\n".encode()
    if kind == "elf":
        return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
    if kind == "exe":
        return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 54 + b"PE\x00\x00"
    if kind == "zip":
        return _zip({"notes.txt": b"not an office document"})
    raise ValueError(kind)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
