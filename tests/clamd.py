"""A small fake clamd for the tests: a thread serving a unix socket and a TCP port, speaking INSTREAM.

It answers ``stream: Eicar-Test-Signature FOUND`` when the stream holds the EICAR test string and
``stream: OK`` otherwise, as clamd does. ``hang = True`` makes it read the file and never answer (a
scanner too slow for the timeout); ``answer`` overrides the reply (an ERROR, say).
"""

import shutil
import socket
import socketserver
import struct
import tempfile
import threading
from pathlib import Path

from tests.files import EICAR


class FakeClamd:
    def __init__(self) -> None:
        # A unix socket's path must stay under about 100 bytes: not under pytest's long tmp_path.
        self.folder = Path(tempfile.mkdtemp(prefix="clamd-", dir="/tmp"))
        self.unix_path = str(self.folder / "clamd.sock")
        self.hang = False
        self.answer: bytes | None = None
        self.scanned: list[bytes] = []
        self.release = threading.Event()
        fake = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                fake.serve(self.request)

        self.unix_server = socketserver.ThreadingUnixStreamServer(self.unix_path, Handler)
        self.tcp_server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.unix_server.daemon_threads = self.tcp_server.daemon_threads = True
        self.threads = [
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            for server in (self.unix_server, self.tcp_server)
        ]
        for thread in self.threads:
            thread.start()

    @property
    def tcp_address(self) -> str:
        host, port = self.tcp_server.server_address[:2]
        return f"tcp://{host}:{port}"

    def serve(self, connection: socket.socket) -> None:
        stream = connection.makefile("rb")
        if stream.read(len(b"zINSTREAM\0")) != b"zINSTREAM\0":
            connection.sendall(b"UNKNOWN COMMAND\0")
            return
        content = bytearray()
        while True:
            (length,) = struct.unpack(">I", stream.read(4))
            if length == 0:
                break
            content += stream.read(length)
        self.scanned.append(bytes(content))
        if self.hang:
            self.release.wait(30)
            return
        if self.answer is not None:
            reply = self.answer
        elif EICAR in content:
            reply = b"stream: Eicar-Test-Signature FOUND"
        else:
            reply = b"stream: OK"
        connection.sendall(reply + b"\0")

    def close(self) -> None:
        self.release.set()
        for server in (self.unix_server, self.tcp_server):
            server.shutdown()
            server.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)
