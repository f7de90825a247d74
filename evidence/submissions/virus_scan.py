"""An optional virus scan of each upload by clamd, spoken to in its INSTREAM protocol.

Rules:
- Off unless ``CLAMD_SOCKET`` is set: a unix socket path, or ``tcp://host:port``.
- The file goes as ``zINSTREAM\\0``, then chunks each led by its length (4 bytes, big-endian), then a
  zero length. clamd answers ``stream: OK`` or ``stream: <name> FOUND`` (NUL-terminated).
- Fail closed: when the scanner is configured but cannot be reached, times out
  (``CLAMD_TIMEOUT_SECONDS`` for each exchange) or answers anything else (an ERROR, such as its
  stream size limit), the file is not accepted: ``ScannerUnavailable``.
"""

import socket
import struct
from typing import IO
from urllib.parse import urlsplit

from django.conf import settings

CHUNK_BYTES = 64 * 1024
REPLY_MAX_BYTES = 4096


class ScannerUnavailable(Exception):
    """clamd is configured but did not give a verdict."""


def scanning_enabled() -> bool:
    return bool(settings.CLAMD_SOCKET)


def find_virus(fileobj: IO[bytes]) -> str | None:
    """The name clamd gives the virus in ``fileobj``, or None when it is clean."""
    fileobj.seek(0)
    try:
        with _connect(settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT_SECONDS) as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := fileobj.read(CHUNK_BYTES):
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            reply = _read_reply(connection)
    except OSError as error:  # refused, missing socket, timeout (socket.timeout is an OSError)
        raise ScannerUnavailable(str(error)) from error
    finally:
        fileobj.seek(0)
    return _verdict(reply)


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("tcp://"):
        parts = urlsplit(address)
        if not parts.hostname or not parts.port:
            raise ScannerUnavailable(f"CLAMD_SOCKET {address!r} needs a host and a port")
        return socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(timeout)
    try:
        connection.connect(address)
    except OSError:
        connection.close()
        raise
    return connection


def _read_reply(connection: socket.socket) -> bytes:
    reply = b""
    while b"\0" not in reply and len(reply) < REPLY_MAX_BYTES:
        data = connection.recv(REPLY_MAX_BYTES)
        if not data:
            break
        reply += data
    return reply.split(b"\0", 1)[0].strip()


def _verdict(reply: bytes) -> str | None:
    text = reply.decode("utf-8", "replace")
    if text == "stream: OK":
        return None
    if text.startswith("stream: ") and text.endswith(" FOUND"):
        return text.removeprefix("stream: ").removesuffix(" FOUND")
    raise ScannerUnavailable(f"clamd answered {text!r}")
