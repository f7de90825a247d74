"""What a member's file really is, and whether we take it: judged by its content, then its name.

Rules, in the order they are applied (the first that fails gives the member its message):
1. The content shows the type: a ZIP is judged by its members (``office_checks``), otherwise the
   ``filetype`` package recognises PDF, PNG and JPEG, and anything else is text only if it is UTF-8
   with no NUL byte. An OLE2 compound file (.doc, .xls, or a DOCX locked with a password) is refused.
2. Active content is refused whatever the name: Office macros, ActiveX and embedded programs;
   PDF JavaScript, launch actions, attached files and media (``pdf_checks``); text holding HTML, SVG,
   XML or script markup, or starting with ``#!``, which a browser or a shell would run.
3. The name's extension must be one of the content's type (``file_types``): never .html, .svg, .hta,
   .cmd, .csv, .exe, ...
The virus scan, when configured, comes after all of these (``uploads.check_upload``).
Messages follow the GOV.UK error message style, with the file's name where GOV.UK says "The selected
file", since a member may choose several files at once.
"""

import codecs
import re
from typing import IO

import filetype

from evidence.submissions.file_types import (
    ACCEPTED_IN_WORDS,
    BY_EXTENSION,
    JPEG,
    PDF,
    PNG,
    TXT,
    FileType,
    extension,
)
from evidence.submissions.office_checks import (
    OfficeRefused,
    is_compound_file,
    is_password_protected,
    office_type,
)
from evidence.submissions.pdf_checks import PdfRefused, check_pdf

SNIFF_BYTES = 8192
CHUNK_BYTES = 64 * 1024
LEGACY_OFFICE_EXTENSIONS = {".doc", ".dot", ".xls", ".xlt", ".ppt", ".pps"}
# Markup that runs something if the file is ever opened as a page, wherever it appears: the tags that
# make a document or carry script, and any tag with an event handler or a javascript: address. Tags
# a member may well type ("<head teacher>", "<link to the plan>", "<base rate>") are left out.
MARKUP = re.compile(
    r"<\s*(?:script|html|body|svg|iframe|frame|frameset|object|embed|applet|meta|img"
    r"|hta:application|xsl:stylesheet|!doctype|\?xml)(?![\w-])"
    r"|<[a-z][\w:-]*\s[^<>]{0,500}?(?:\bon[a-z]+\s*=|javascript:)",
    re.IGNORECASE,
)
MARKUP_OVERLAP = 600

MESSAGES = {
    "type": "{name} must be " + ACCEPTED_IN_WORDS,
    "not_what_it_says": "{name} is named as {named} but is not one. Upload " + ACCEPTED_IN_WORDS,
    "wrong_extension": "{name} is {label} but its name ends in {extension}. "
    "Rename it to end in {right} and upload it again",
    "not_utf8": "{name} is not saved as UTF-8 text. Save it as UTF-8 and upload it again",
    "legacy_office": "{name} is in an old Word or Excel format. "
    "Save it as a Word (DOCX) or Excel (XLSX) file and upload it again",
    "password": "{name} is protected with a password. Remove the password and upload it again",
    "macros": "{name} contains macros. Save it without macros and upload it again",
    "activex": "{name} contains ActiveX controls. Save it without them and upload it again",
    "embedded_program": "{name} contains an embedded program or package. "
    "Save it without embedded objects and upload it again",
    "unzipped_too_big": "{name} is too large to check once unzipped. "
    "Split it into smaller files and upload them again",
    "markup": "{name} contains web page or script code (such as HTML, SVG or JavaScript). "
    "Save it as a PDF and upload it again",
    "pdf_javascript": "{name} contains JavaScript. Print it to a new PDF and upload that instead",
    "pdf_launch": "{name} contains an action that opens another program. "
    "Print it to a new PDF and upload that instead",
    "pdf_embedded_file": "{name} has other files attached inside it. "
    "Save it without them and upload each file on its own",
    "pdf_media": "{name} contains embedded media. Print it to a new PDF and upload that instead",
    "pdf_encrypted": "{name} is protected with a password or encrypted. "
    "Print it to a new PDF without protection and upload that instead",
    "pdf_unchecked": "We could not check what {name} contains. Print it to a new PDF and upload that instead",
}


class FileRefused(Exception):
    """We will not take the file; ``message`` says why, in the member's words."""

    def __init__(self, code: str, *, name: str, **details: str) -> None:
        self.code = code
        self.message = MESSAGES[code].format(name=name, **details)
        super().__init__(self.message)


def inspect(fileobj: IO[bytes], *, name: str) -> FileType:
    """The type of an acceptable file, read from its content; FileRefused otherwise."""
    fileobj.seek(0)
    head = fileobj.read(SNIFF_BYTES)
    fileobj.seek(0)
    kind = _content_type(fileobj, head, name=name)
    named = BY_EXTENSION.get(extension(name))
    if named is None:
        raise FileRefused("type", name=name)
    if kind is None:
        raise FileRefused("not_what_it_says", name=name, named=named.a_label)
    if named is not kind:
        raise FileRefused(
            "wrong_extension",
            name=name,
            label=kind.a_label,
            extension=extension(name),
            right=kind.download_extension,
        )
    return kind


def _content_type(fileobj: IO[bytes], head: bytes, *, name: str) -> FileType | None:
    """The accepted type the content shows (None if none), refusing active content on the way."""
    if head.startswith(b"PK\x03\x04"):
        try:
            return office_type(fileobj)
        except OfficeRefused as refused:
            raise FileRefused(refused.code, name=name) from None
    if is_compound_file(head):
        if is_password_protected(fileobj):
            raise FileRefused("password", name=name)
        if extension(name) in LEGACY_OFFICE_EXTENSIONS:
            raise FileRefused("legacy_office", name=name)
        return None
    guessed = filetype.guess(head)
    if guessed is not None:
        kind = {PDF.mime: PDF, PNG.mime: PNG, JPEG.mime: JPEG}.get(guessed.mime)
        if kind is PDF:
            _check_pdf(fileobj, name=name)
        return kind
    return _text(fileobj, name=name)


def _check_pdf(fileobj: IO[bytes], *, name: str) -> None:
    # Read whole: the upload is already held within EVIDENCE_MAX_FILE_BYTES.
    try:
        check_pdf(fileobj.read())
    except PdfRefused as refused:
        raise FileRefused(refused.code, name=name) from None
    finally:
        fileobj.seek(0)


def _text(fileobj: IO[bytes], *, name: str) -> FileType | None:
    """TXT for clean UTF-8 text without markup; None for anything that is not text at all."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    tail = ""
    try:
        while chunk := fileobj.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                return None
            text = tail + decoder.decode(chunk)
            if MARKUP.search(text) or (not tail and text.startswith("#!")):
                raise FileRefused("markup", name=name)
            tail = text[-MARKUP_OVERLAP:]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        fileobj.seek(0)
        if _looks_like_text(fileobj.read(SNIFF_BYTES)):
            raise FileRefused("not_utf8", name=name) from None
        return None
    finally:
        fileobj.seek(0)
    return TXT


def _looks_like_text(head: bytes) -> bool:
    """Text in another encoding (Windows-1252, say): no control bytes but tabs and line ends."""
    return not any(byte < 0x20 and byte not in b"\t\n\r\f" for byte in head)
