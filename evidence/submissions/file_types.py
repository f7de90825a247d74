"""The kinds of file members may attach, the names they may carry, and the name each downloads under.

Rules:
- A file's type is what its content shows (``file_checks.inspect``); its name must end in one of that
  type's extensions (``.txt`` for text). No other extension is ever accepted: ``.html``, ``.svg``,
  ``.hta``, ``.cmd``, ``.csv``, ``.exe``, ... are refused whatever they hold.
- Staff download a file as its name's stem plus the extension of the type sniffed on upload, never
  the member's own extension. A stored type not in this table downloads as ``.bin`` bytes.
"""

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath


@dataclass(frozen=True)
class FileType:
    mime: str
    label: str
    extensions: tuple[str, ...]

    @property
    def download_extension(self) -> str:
        return self.extensions[0]

    @property
    def a_label(self) -> str:
        """The label as a member reads it in a sentence: "a PDF", "an Excel spreadsheet"."""
        return ("an " if self.label[0] in "AEIOU" else "a ") + self.label


PDF = FileType("application/pdf", "PDF", (".pdf",))
PNG = FileType("image/png", "PNG image", (".png",))
JPEG = FileType("image/jpeg", "JPEG image", (".jpg", ".jpeg"))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", (".docx",)
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel spreadsheet", (".xlsx",)
)
ODT = FileType("application/vnd.oasis.opendocument.text", "OpenDocument text file", (".odt",))
TXT = FileType("text/plain", "text file", (".txt",))

ACCEPTED = (PDF, DOCX, XLSX, ODT, TXT, PNG, JPEG)
BY_MIME = {kind.mime: kind for kind in ACCEPTED}
BY_EXTENSION = {extension: kind for kind in ACCEPTED for extension in kind.extensions}

# The hint under the field, and a hint for the browser's file picker only: the content decides.
ACCEPTED_TYPES = "PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), plain text (TXT), PNG or JPEG"
ACCEPT = ",".join(BY_EXTENSION)
# The types in a member's words, for messages.
ACCEPTED_IN_WORDS = "a PDF, Word, Excel, OpenDocument, image or text file"

UNKNOWN_MIME = "application/octet-stream"
UNKNOWN_EXTENSION = ".bin"
STEM_MAX_CHARS = 100
# Characters Windows refuses in a file name; replaced so the download saves under its name anywhere.
RESERVED = set('<>:"/\\|?*')


def extension(name: str) -> str:
    """The name's last extension, lower case, with its dot ("" if it has none)."""
    return PurePosixPath(_last_part(name)).suffix.lower()


def download_name(original_name: str, mime: str) -> str:
    """``original_name``'s stem, made safe, plus the extension of the type the content showed."""
    kind = BY_MIME.get(mime)
    return _safe_stem(original_name) + (kind.download_extension if kind else UNKNOWN_EXTENSION)


def download_mime(mime: str) -> str:
    return mime if mime in BY_MIME else UNKNOWN_MIME


def _last_part(name: str) -> str:
    # A browser may send a whole Windows path; either separator ends a folder name.
    return PureWindowsPath(PurePosixPath(name).name).name


def _safe_stem(name: str) -> str:
    last = _last_part(name)
    # Control and format characters go (a right-to-left override can make "cod.exe" read "exe.doc").
    printable = "".join(
        "_" if ch in RESERVED else ch for ch in last if not unicodedata.category(ch).startswith("C")
    )
    stem = PurePosixPath(printable).stem if printable else ""
    stem = stem.strip(" .")[:STEM_MAX_CHARS].strip(" .")
    return stem or "attachment"
