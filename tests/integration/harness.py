"""Real components beside the tests: free ports, waiting, stopping, a Celery worker and beat.

The SMTP sink is in smtp_sink.py and the throwaway Redis in redis_servers.py.

Plain classes with start/stop, so the pytest fixtures in conftest.py, fault tests and the benchmarks in
bench/ share them. Every process is started in its own session and stopped by killing its process
group: nothing outlives the test that started it.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

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
