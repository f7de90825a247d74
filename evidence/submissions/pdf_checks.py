"""PDFs that do something when opened are refused: JavaScript, launch actions, attached files, media.

Rules:
- The names that give a PDF active content are looked for everywhere: ``/JS`` and ``/JavaScript``
  (so also an ``/OpenAction`` or ``/AA`` that runs a script), ``/Launch``, ``/EmbeddedFile`` and
  ``/EmbeddedFiles``, ``/RichMedia``. A name is read as a PDF reader reads it, ``#xx`` escapes
  decoded, so ``/J#61vaScript`` is ``/JavaScript``. ``/JS`` counts only as a key followed by its value
  (a string or a reference): two letters turn up by chance in binary data, the longer names do not.
- Objects may sit inside compressed object streams, so every stream a reader could parse objects
  from is decoded (FlateDecode with zlib, ASCIIHexDecode, ASCII85Decode, in the order the stream
  lists them) and searched the same way. Image data and cross-reference streams are not objects and
  are left alone.
- Fail closed: a PDF is refused unread when its decoded streams come to more than
  ``DECODE_BUDGET_BYTES`` in all, when a stream to search uses a filter we do not decode (LZW, run
  length, a predictor), when a stream is damaged, or when the PDF is encrypted (its streams and
  strings cannot be read).
"""

import base64
import binascii
import re
import zlib
from collections.abc import Iterator

DECODE_BUDGET_BYTES = 64 * 1024 * 1024
CHUNK_BYTES = 64 * 1024

# A name: a solidus and the regular characters after it (PDF 32000-1, 7.3.5).
NAME = re.compile(rb"/([^\s/<>\[\]()\{\}%]*)")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# What follows a /JS key: a string, a hex string or an indirect reference.
JS_VALUE = re.compile(rb"\s*(\(|<[^<]|\d+\s+\d+\s+R)")
STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")

ACTIVE_NAMES = {
    b"JavaScript": "pdf_javascript",
    b"Launch": "pdf_launch",
    b"EmbeddedFile": "pdf_embedded_file",
    b"EmbeddedFiles": "pdf_embedded_file",
    b"RichMedia": "pdf_media",
}
FLATE = {b"FlateDecode", b"Fl"}
HEX = {b"ASCIIHexDecode", b"AHx"}
A85 = {b"ASCII85Decode", b"A85"}
IMAGE_FILTERS = {b"DCTDecode", b"DCT", b"JPXDecode", b"JBIG2Decode", b"CCITTFaxDecode", b"CCF"}
UNDECODED_FILTERS = {b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL", b"Crypt"}


class PdfRefused(Exception):
    """The PDF has active content, or cannot be checked; ``code`` names the reason."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_pdf(data: bytes) -> None:
    """Raises PdfRefused for a PDF with active content, or one we cannot search."""
    _check_names(data)
    if any(name == b"Encrypt" for name, _ in _names(data)):
        raise PdfRefused("pdf_encrypted")
    budget = DECODE_BUDGET_BYTES
    for stream in _streams_to_search(data):
        decoded = _decode(data, stream, budget)
        budget -= len(decoded)
        _check_names(decoded)


def _names(data: bytes) -> Iterator[tuple[bytes, int]]:
    """Each name with the offset just past it, escapes decoded."""
    for match in NAME.finditer(data):
        raw = match.group(1)
        name = ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) if b"#" in raw else raw
        yield name, match.end()


def _check_names(data: bytes) -> None:
    for name, end in _names(data):
        if name in ACTIVE_NAMES:
            raise PdfRefused(ACTIVE_NAMES[name])
        if name == b"JS" and JS_VALUE.match(data, end):
            raise PdfRefused("pdf_javascript")


class _Stream:
    def __init__(self, start: int, filters: list[bytes]) -> None:
        self.start = start
        self.filters = filters


def _streams_to_search(data: bytes) -> Iterator[_Stream]:
    for match in STREAM.finditer(data):
        dictionary = data[max(0, data.rfind(b"obj", 0, match.start())) : match.start()]
        names = [name for name, _ in _names(dictionary)]
        filters = [name for name in names if name in FLATE | HEX | A85 | IMAGE_FILTERS | UNDECODED_FILTERS]
        if b"XRef" in names or any(f in IMAGE_FILTERS for f in filters):
            continue
        if b"Image" in names and b"ObjStm" not in names:
            continue
        if any(f in UNDECODED_FILTERS for f in filters) or b"Predictor" in names:
            raise PdfRefused("pdf_unchecked")
        if filters:
            yield _Stream(match.end(), filters)


def _decode(data: bytes, stream: _Stream, budget: int) -> bytes:
    """The stream's content with its filters undone, first listed first; at most ``budget`` bytes."""
    first, *rest = stream.filters
    decoded = _undo(first, _source(data, stream.start), budget)
    for name in rest:
        decoded = _undo(name, iter([decoded]), budget)
    return decoded


def _source(data: bytes, start: int) -> Iterator[bytes]:
    # Fed from the stream's start to wherever its own encoding ends: neither /Length nor the first
    # "endstream" is trusted, since a crafted stream may hold either to hide what follows.
    for offset in range(start, len(data), CHUNK_BYTES):
        yield data[offset : offset + CHUNK_BYTES]


def _undo(name: bytes, chunks: Iterator[bytes], budget: int) -> bytes:
    if name in FLATE:
        return _inflate(chunks, budget)
    encoded = _until(chunks, b"~>" if name in A85 else b">")
    try:
        if name in HEX:
            digits = re.sub(rb"\s", b"", encoded)
            decoded = binascii.unhexlify(digits + b"0" * (len(digits) % 2))
        else:
            decoded = base64.a85decode(re.sub(rb"\s", b"", encoded).removeprefix(b"<~"))
    except ValueError:
        raise PdfRefused("pdf_unchecked") from None
    if len(decoded) > budget:
        raise PdfRefused("pdf_unchecked")
    return decoded


def _inflate(chunks: Iterator[bytes], budget: int) -> bytes:
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    try:
        for chunk in chunks:
            while chunk and not inflater.eof:
                piece = inflater.decompress(chunk, budget - size + 1)
                size += len(piece)
                out.append(piece)
                if size > budget:
                    raise PdfRefused("pdf_unchecked")
                chunk = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        # A damaged stream: zlib drops what the failing call would have given, and a reader may
        # recover more than we can see.
        raise PdfRefused("pdf_unchecked") from None
    return b"".join(out)


def _until(chunks: Iterator[bytes], end: bytes) -> bytes:
    seen = bytearray()
    for chunk in chunks:
        search_from = max(0, len(seen) - len(end) + 1)
        seen += chunk
        found = seen.find(end, search_from)
        if found >= 0:
            return bytes(seen[:found])
    return bytes(seen)
