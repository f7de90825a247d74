"""Real components beside the tests: free ports, an SMTP sink, a Celery worker, a Redis server.

Plain classes with start/stop, so the pytest fixtures in conftest.py, fault tests and the benchmarks in
bench/ share them. Every process is started in its own session and stopped by killing its process
group: nothing outlives the test that started it.
"""

import contextlib
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

PROJECT_DIR = Path(__file__).resolve().parents[2]

# gunicorn's access log line, as the Procfile's web process writes it: the time, method and path,
# status, bytes and duration. Never the query string (%(q)s, or the request line %(r)s that holds it),
# the Referer (%(f)s), both of which carry the admin's search term, nor the client's address (%(h)s) or
# browser (%(a)s): see docs/decisions/0030-access-log-without-personal-data.md.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def free_port() -> int:
    """A local TCP port free at the time of asking."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    condition: Callable[[], object], *, timeout: float, interval: float = 0.05, what: str = ""
) -> object:
    """Poll until ``condition()`` is truthy and return it; raise TimeoutError after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Gave up after {timeout} s waiting for {what or condition}.")
        time.sleep(interval)


def stop_process_group(process: subprocess.Popen, *, grace: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it has not gone within ``grace`` seconds."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- SMTP -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    received_at: float  # time.monotonic() in this process

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"] or "")

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part.get_content()
        return ""


@dataclass
class _Handler:
    sink: "SmtpSink"

    async def handle_DATA(self, server, session, envelope) -> str:
        return self.sink._receive(envelope)


@dataclass
class SmtpSink:
    """An in-process SMTP server (aiosmtpd) that records every message it accepts.

    ``refuse(n)`` makes it answer the next ``n`` messages with a temporary failure, for retry tests.
    """

    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    messages: list[ReceivedMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._refusals = 0
        self._refusal_reply = ""
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> "SmtpSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def refuse(self, count: int, reply: str = "451 4.3.0 Please try again later") -> None:
        with self._lock:
            self._refusals, self._refusal_reply = count, reply

    def _receive(self, envelope) -> str:
        with self._lock:
            if self._refusals:
                self._refusals -= 1
                return self._refusal_reply
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(
                ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), message, time.monotonic())
            )
        return "250 Message accepted for delivery"

    def matching(self, predicate: Callable[[ReceivedMessage], bool]) -> list[ReceivedMessage]:
        with self._lock:
            return [received for received in self.messages if predicate(received)]

    def wait_for(
        self, predicate: Callable[[ReceivedMessage], bool], *, count: int = 1, timeout: float = 30
    ) -> list[ReceivedMessage]:
        """The messages matching ``predicate`` once there are at least ``count`` of them."""
        return wait_until(
            lambda: (found := self.matching(predicate)) and len(found) >= count and found,
            timeout=timeout,
            interval=0.01,
            what=f"{count} matching message(s) at {self.url}",
        )


# --- Redis ----------------------------------------------------------------------------------------


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


# --- Celery ---------------------------------------------------------------------------------------


def worker_environment(*, database_url: str, redis_url: str, email_url: str, **extra: str) -> dict[str, str]:
    """The environment of a worker process: this one's, with the services it must use."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nasuwt_send.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": email_url,
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


def database_url(settings_dict: dict) -> str:
    """A postgres:// URL for a Django connection's settings (use the TEST database's name)."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


# Every queue a task is routed to (settings.CELERY_TASK_ROUTES, CELERY_TASK_DEFAULT_QUEUE) and the old
# `celery` queue, drained for one release: one test worker does all the work.
ALL_QUEUES = "mail,default,heavy,celery"


class CeleryWorker:
    """``celery -A nasuwt_send worker`` as a subprocess: solo pool, every queue, no gossip or mingle."""

    def __init__(self, env: dict[str, str], log_path: Path, *, queues: str = ALL_QUEUES, args: tuple = ()):
        self.env = env
        self.log_path = Path(log_path)
        self.queues = queues
        self.args = args
        self.process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "celery", "-A", "nasuwt_send", "worker",
            "--pool=solo", "--concurrency=1", "-Q", self.queues,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel=INFO", f"--hostname=test-{os.getpid()}-{id(self)}@%h",
            *self.args,
        ]  # fmt: skip

    def start(self, timeout: float = 30) -> "CeleryWorker":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        try:
            wait_until(self._ready, timeout=timeout, interval=0.1, what="the Celery worker to be ready")
        except TimeoutError:
            self.stop()
            raise TimeoutError(f"The Celery worker did not start. Its log:\n{self.log}") from None
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited ({self.process.returncode}). Its log:\n{self.log}")
        return " ready." in self.log

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, grace: float = 10) -> None:
        if self.process is not None:
            stop_process_group(self.process, grace=grace)

    def kill(self) -> None:
        """SIGKILL the whole group at once: a worker that dies mid-task."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def __enter__(self) -> "CeleryWorker":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


class CeleryBeat:
    """``celery -A nasuwt_send beat`` as a subprocess, with its schedule file beside its log."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.env = env
        self.log_path = Path(log_path)
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "CeleryBeat":
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "nasuwt_send", "beat", "--loglevel=INFO",
                    "--schedule", str(self.log_path.with_suffix(".schedule")),
                ],
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_until(lambda: "beat: Starting" in self.log, timeout=timeout, interval=0.1, what="celery beat")
        return self

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process, grace=5)


@contextlib.contextmanager
def celery_broker(url: str, *, eager: bool = False) -> Iterator[None]:
    """Point this process's Celery app at another broker for a while (its pools are per URL)."""
    from kombu import pools

    from nasuwt_send.celery import app

    def reset_pools() -> None:
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    reset_pools()
    app.conf.broker_url, app.conf.task_always_eager = url, eager
    try:
        yield
    finally:
        reset_pools()
        app.conf.broker_url, app.conf.task_always_eager = previous
