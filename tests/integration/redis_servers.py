"""A throwaway redis-server of a test's own (stopped, hung, brought back) and a MONITOR of what it receives."""

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import threading

from tests.integration.harness import free_port, stop_process_group, wait_until


class RedisServer:
    """A throwaway redis-server on a free port, with no persistence. ``pause()`` makes it hang."""

    def __init__(self, port: int | None = None, executable: str = "redis-server"):
        self.port = port or free_port()
        self.executable = executable
        self.process: subprocess.Popen | None = None
        self._dir = tempfile.TemporaryDirectory(prefix="redis-test-")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self, timeout: float = 10) -> "RedisServer":
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", self._dir.name,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        wait_until(self.ping, timeout=timeout, what=f"redis-server on port {self.port}")
        return self

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def pause(self) -> None:
        """SIGSTOP: connections are accepted by the kernel but nothing answers (a hung Redis)."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.killpg(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGCONT)
            stop_process_group(self.process, grace=5)
        self._dir.cleanup()

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


class RedisMonitor:
    """Records every command a Redis server receives (``MONITOR``), arguments included, while open.

    The transcript is Redis's own rendering: one ``+<time> [<db> <client>] "COMMAND" "arg"...`` line per
    command, with non-printable bytes escaped. It sees what passes through and is gone by the end of a
    test (a task message consumed, a cache entry replaced) as well as what stays.
    """

    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.host, self.port = host, port
        self._chunks: list[bytes] = []
        self._stop = threading.Event()
        self._socket: socket.socket | None = None
        self._thread = threading.Thread(target=self._read, daemon=True)

    def start(self) -> "RedisMonitor":
        self._socket = socket.create_connection((self.host, self.port), timeout=5)
        self._socket.sendall(b"MONITOR\r\n")
        self._socket.settimeout(0.2)
        self._thread.start()
        return self

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                chunk = self._socket.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            self._chunks.append(chunk)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        if self._socket is not None:
            self._socket.close()

    def transcript(self) -> bytes:
        return b"".join(self._chunks)

    def __enter__(self) -> "RedisMonitor":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
