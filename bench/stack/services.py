"""The stack under measurement: gunicorn as the Procfile starts it, a Celery worker, Redis and SMTP.

Production settings as in the fault tests (tests/integration/faults.py): DJANGO_DEBUG=0 with its
required variables, SSL redirect off, static files collected, plus RATELIMIT_ENABLE=0 (one client
address sends everything). Every process is started in its own session and stopped by its process
group; nothing the bench did not start is touched.

Cores: the load client gets a core of its own where the machine has two or more (``os.sched_setaffinity``);
everything the bench starts (gunicorn, the worker, Redis, the export probe) goes on the others.
PostgreSQL is the machine's own server and is not pinned.
"""

import contextlib
import itertools
import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.integration.faults import SITE_URL, WebApp, collected_var_dir, production_env
from tests.integration.harness import PROJECT_DIR, CeleryWorker, worker_environment
from tests.integration.redis_servers import RedisServer
from tests.integration.smtp_sink import SmtpSink

PROCFILE = PROJECT_DIR / "Procfile"
# What the stack must not inherit from the shell: another cache, another file store, another metrics dir.
NOT_INHERITED = ("CACHE_URL", "EVIDENCE_STORAGE", "PROMETHEUS_MULTIPROC_DIR", "PORT")


def split_cores() -> tuple[set[int], set[int]] | None:
    """(the load client's core, the stack's cores), or None on a single core."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return None
    return {cores[0]}, set(cores[1:])


@contextlib.contextmanager
def on_cores(cores: set[int] | None) -> Iterator[None]:
    """Run this process on ``cores`` for a while: whatever it starts meanwhile inherits them."""
    if not cores:
        yield
        return
    previous = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)
    try:
        yield
    finally:
        os.sched_setaffinity(0, previous)


def procfile_web() -> list[str]:
    """The Procfile's ``web:`` command, split as a shell would (``$PORT`` left in)."""
    for line in PROCFILE.read_text().splitlines():
        if line.startswith("web:"):
            return shlex.split(line.removeprefix("web:"))
    raise RuntimeError("The Procfile has no web: line.")


def procfile_workers() -> int:
    """How many gunicorn workers the Procfile starts (``--workers N`` or ``-w N``)."""
    args = procfile_web()
    for flag, value in itertools.pairwise(args):
        if flag in ("--workers", "-w"):
            return int(value)
    for arg in args:
        if arg.startswith("--workers="):
            return int(arg.split("=", 1)[1])
    return 1  # gunicorn's own default


class ProcfileWeb(WebApp):
    """gunicorn exactly as the Procfile's web line says, on a free port, its output in a log file."""

    @property
    def command(self) -> list[str]:
        args = [arg.replace("$PORT", str(self.port)) for arg in procfile_web()]
        if Path(args[0]).name == "gunicorn":
            args = [sys.executable, "-m", "gunicorn", *args[1:]]
        return args


def stack_env(*, database_url: str, redis_url: str, email_url: str, workdir: Path) -> dict[str, str]:
    env = worker_environment(database_url=database_url, redis_url=redis_url, email_url=email_url)
    for name in NOT_INHERITED:
        env.pop(name, None)
    env.update(production_env())
    env.update(
        {
            "DJANGO_VAR_DIR": str(collected_var_dir()),
            "EVIDENCE_ATTACHMENT_ROOT": str(workdir / "attachments"),
            "SITE_URL": SITE_URL,
            "RATELIMIT_ENABLE": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


class Stack:
    """Redis, SMTP, gunicorn (Procfile) and one Celery worker on every queue, on the stack's cores."""

    def __init__(self, *, database_url: str, workdir: Path, cores: set[int] | None):
        self.database_url = database_url
        self.workdir = workdir
        self.cores = cores
        self.redis = RedisServer()
        self.mail = SmtpSink()
        self.web: ProcfileWeb | None = None
        self.worker: CeleryWorker | None = None
        self.workers = procfile_workers()

    def env(self) -> dict[str, str]:
        return stack_env(
            database_url=self.database_url,
            redis_url=self.redis.url(),
            email_url=self.mail.url,
            workdir=self.workdir,
        )

    def start_services(self) -> "Stack":
        """Redis and the SMTP server: the bench's own Django needs them before the processes start."""
        with on_cores(self.cores):
            self.redis.start()
        self.mail.start()
        return self

    def start_processes(self) -> "Stack":
        with on_cores(self.cores):
            self.web = ProcfileWeb(self.env(), self.workdir / "gunicorn.log", workers=self.workers)
            self.web.start(timeout=60)
            self.worker = CeleryWorker(self.env(), self.workdir / "worker.log").start(timeout=60)
        return self

    @property
    def url(self) -> str:
        assert self.web is not None
        return self.web.url

    def stop(self) -> None:
        """Stop whatever was started, each by its own process group; never raises."""
        for stop in (
            self.worker.stop if self.worker else None,
            self.web.stop if self.web else None,
            self.mail.stop,
            self.redis.stop,
        ):
            if stop is not None:
                with contextlib.suppress(Exception):
                    stop()
