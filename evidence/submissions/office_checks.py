"""Word, Excel and OpenDocument files: which ZIP is which, and what may not ride inside one.

Rules:
- A ZIP is DOCX with ``word/document.xml``, XLSX with ``xl/workbook.xml``, ODT when its ``mimetype``
  entry says so; any other ZIP is not a file we accept.
- Refused: macros (a ``vbaProject.bin`` anywhere, in any case; an embedded .docm, .xlsm, ...; a
  macro-enabled or VBA content type in ``[Content_Types].xml``, as in .docm/.xlsm/.pptm; ODF
  ``Basic/`` or ``Scripts/`` folders, and event listeners or links that call a macro), ActiveX
  controls, and embedded programs (an embedded member that is a Windows, Linux or Mac executable, or
  an OLE package, which wraps any file, ``.exe`` or ``.hta`` included).
- Legacy OLE2 files (.doc, .xls) are not accepted at all: finding macros in them means parsing a
  compound file's VBA storage, and Word and Excel have saved DOCX and XLSX since 2007.
- Nothing is decompressed beyond a budget: an archive whose members claim more than
  ``UNZIPPED_BUDGET_BYTES`` in all, or more than ``MAX_MEMBERS``, is refused unread (a ZIP bomb).
  zipfile stops each member at its declared size, so the declared sizes bound what is read.
"""

import re
import zipfile
import zlib
from typing import IO

from evidence.submissions.file_types import DOCX, ODT, XLSX, FileType

UNZIPPED_BUDGET_BYTES = 256 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
OVERLAP_BYTES = 64
MAX_MEMBERS = 10_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The VBA project itself, or an embedded macro-enabled document (Word names embeddings by their type).
MACRO_MEMBER = re.compile(
    r"(^|/)vbaproject(signature)?\.bin$|(^|/)vbadata\.xml$|\.(doc|dot|xls|xlt|xla|ppt|pot|pps|ppa)m$",
    re.IGNORECASE,
)
ACTIVEX_MEMBER = re.compile(r"(^|/)activex/", re.IGNORECASE)
ODF_MACRO_MEMBER = re.compile(r"^(basic|scripts)/", re.IGNORECASE)
# The content types Office gives to macro-enabled parts (document.macroEnabled.main+xml and the
# like) and to the VBA project itself.
MACRO_CONTENT_TYPE = re.compile(rb"macroenabled|vbaproject|ms-office\.activex", re.IGNORECASE)
# LibreOffice writes an empty <office:scripts/> into every document, so the element alone says nothing.
ODF_EVENT_LISTENER = re.compile(rb"<script:event-listener|vnd\.sun\.star\.script:|macro:///", re.IGNORECASE)
ODF_XML = ("content.xml", "styles.xml")
# "\x01Ole10Native", the stream of an OLE package, as the compound file's directory spells it.
OLE_PACKAGE = "\x01Ole10Native".encode("utf-16-le")
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
OLE_PROGRAM = re.compile(re.escape(OLE_PACKAGE) + b"|This program cannot be run in DOS mode")
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")


class OfficeRefused(Exception):
    """The file is an Office document we will not take; ``code`` names the reason."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def is_compound_file(head: bytes) -> bool:
    """An OLE2 compound file: a .doc or .xls, or a DOCX or XLSX locked with a password."""
    return head.startswith(OLE2_MAGIC)


def is_password_protected(fileobj: IO[bytes]) -> bool:
    """A compound file that wraps an encrypted DOCX or XLSX (its ``EncryptedPackage`` stream)."""
    fileobj.seek(0)
    found = ENCRYPTED_PACKAGE in fileobj.read()
    fileobj.seek(0)
    return found


def office_type(fileobj: IO[bytes]) -> FileType | None:
    """Which of DOCX, XLSX or ODT the ZIP is (None for any other ZIP), once it passes the checks."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > UNZIPPED_BUDGET_BYTES:
                raise OfficeRefused("unzipped_too_big")
            kind = _kind(archive)
            if kind is ODT:
                _check_odf(archive)
            elif kind is not None:
                _check_ooxml(archive)
            if kind is not None:
                _check_embedded_programs(archive)
            return kind
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError, RuntimeError):
        # Not a ZIP Word or LibreOffice could open either (RuntimeError: a member needs a password).
        return None
    finally:
        fileobj.seek(0)


def _kind(archive: zipfile.ZipFile) -> FileType | None:
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if (
        "mimetype" in names
        and archive.getinfo("mimetype").file_size < 100
        and archive.read("mimetype").strip() == ODT.mime.encode()
    ):
        return ODT
    return None


def _check_ooxml(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if any(MACRO_MEMBER.search(name) for name in names):
        raise OfficeRefused("macros")
    content_types = next((n for n in names if n.lower() == "[content_types].xml"), None)
    if content_types and _member_contains(archive, content_types, MACRO_CONTENT_TYPE):
        raise OfficeRefused("macros")
    if any(ACTIVEX_MEMBER.search(name) for name in names):
        raise OfficeRefused("activex")


def _check_odf(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if any(ODF_MACRO_MEMBER.search(name) or MACRO_MEMBER.search(name) for name in names):
        raise OfficeRefused("macros")
    for name in ODF_XML:
        if name in names and _member_contains(archive, name, ODF_EVENT_LISTENER):
            raise OfficeRefused("macros")


def _member_contains(archive: zipfile.ZipFile, name: str, pattern: re.Pattern[bytes]) -> bool:
    with archive.open(name) as member:
        return _contains(member, pattern)


def _contains(stream: IO[bytes], pattern: re.Pattern[bytes], tail: bytes = b"") -> bool:
    """Searched a chunk at a time: a part may unzip to hundreds of megabytes."""
    while chunk := stream.read(CHUNK_BYTES):
        if pattern.search(tail + chunk):
            return True
        tail = chunk[-OVERLAP_BYTES:]
    return False


def _check_embedded_programs(archive: zipfile.ZipFile) -> None:
    """Every member that is not XML is looked at: programs hide in embeddings, ODF objects, anywhere.

    Only OLE objects are read through; for the rest the first bytes tell.
    """
    for member in archive.infolist():
        if member.is_dir() or member.filename.lower().endswith((".xml", ".rels")):
            continue
        with archive.open(member) as stream:
            head = stream.read(len(OLE2_MAGIC))
            if head.startswith(PROGRAM_MAGIC):
                raise OfficeRefused("embedded_program")
            # An OLE object that is a package (any file at all), or that holds an executable.
            if head == OLE2_MAGIC and _contains(stream, OLE_PROGRAM, tail=head):
                raise OfficeRefused("embedded_program")
