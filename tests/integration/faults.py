"""The fault-test harness: the whole stack as real processes, parts of which the tests break.

A ``FaultStack`` runs the web app under gunicorn (production settings), a Celery worker, a Redis and
an SMTP server of its own, and a relay ticker; each part can be stopped, hung or cut and brought back
on the same port. The ``Member`` (tests/integration/member.py) walks the real evidence form.
Everything started here is stopped here, by process group; nothing else is touched.
"""

import atexit
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.integration.fault_parts import MailServer, RedisSlot, RelayTicker
from tests.integration.harness import (
    ACCESS_LOG_FORMAT,
    PROJECT_DIR,
    CeleryBeat,
    CeleryWorker,
    free_port,
    stop_process_group,
    wait_until,
    worker_environment,
)

SECRET_KEY = "fault-tests-only-" + "k" * 50
SITE_URL = "https://evidence.example.org"

# Short enough that a scenario recovers within seconds, consistent with each other as production's are:
# the visibility timeout outlasts the task time limit and the longest back-off.
FAST_RECOVERY = {
    "CELERY_VISIBILITY_TIMEOUT": "10",
    "CELERY_TASK_TIME_LIMIT": "8",
    "CELERY_TASK_SOFT_TIME_LIMIT": "6",
    "OUTBOX_RELAY_AFTER_SECONDS": "2",
    "EMAIL_RETRY_BACKOFF_SECONDS": "1",
    "EMAIL_RETRY_BACKOFF_MAX_SECONDS": "2",
    "EMAIL_TIMEOUT": "5",
}


# --- Static files -------------------------------------------------------------------------------

_static_dir: Path | None = None


def collected_var_dir() -> Path:
    """A DJANGO_VAR_DIR holding collected static files (DEBUG=0 serves them from the manifest).

    Collected once per test process; removed when the process ends.
    """
    global _static_dir
    if _static_dir is None:
        var_dir = Path(tempfile.mkdtemp(prefix="fault-tests-var-"))
        atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nasuwt_send.settings", "DJANGO_VAR_DIR": str(var_dir)}
        for name in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL"):
            env.pop(name, None)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=PROJECT_DIR,
            env={**env, **production_env()},
            check=True,
            timeout=120,
        )
        _static_dir = var_dir
    return _static_dir


def production_env() -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # Production has no defaults for these: the briefing's address is DEBUG's alone.
        "DEFAULT_FROM_EMAIL": "NASUWT Education Team <education@mail.nasuwat.org.uk>",
        "EDUCATION_TEAM_EMAILS": "education@mail.nasuwat.org.uk",
    }


# --- Processes ----------------------------------------------------------------------------------


class WebApp:
    """``gunicorn nasuwt_send.wsgi`` as in the Procfile (three sync workers), on a free port.

    The access log goes to ``access_log_path`` in the Procfile's format; gunicorn's error log and the
    application's own log lines go to ``log_path``.
    """

    def __init__(self, env: dict[str, str], log_path: Path, *, workers: int = 3):
        self.env = env
        self.log_path = Path(log_path)
        self.access_log_path = self.log_path.with_name(f"{self.log_path.stem}-access.log")
        self.port = free_port()
        self.workers = workers
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "nasuwt_send.wsgi",
            "--config", "python:nasuwt_send.gunicorn_config",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--timeout", "30", "--graceful-timeout", "2",
            "--access-logfile", str(self.access_log_path),
            "--access-logformat", ACCESS_LOG_FORMAT,
        ]  # fmt: skip

    def start(self, timeout: float = 30) -> "WebApp":
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_until(self._answers, timeout=timeout, interval=0.1, what="gunicorn to answer")
        except TimeoutError:
            self.stop()
            raise TimeoutError(f"gunicorn did not start. Its log:\n{self.log[-5000:]}") from None
        return self

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({self.process.returncode}). Its log:\n{self.log[-5000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            connection.request("GET", "/healthz")
            return connection.getresponse().status in (200, 503)
        except OSError:
            return False

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def access_log(self) -> str:
        return self.access_log_path.read_text(errors="replace") if self.access_log_path.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process, grace=5)


class FaultStack:
    """gunicorn + worker + own Redis + own SMTP server + relay ticker, against the test database.

    ``database_url`` is what the worker and the test process use; ``web_database_url`` (defaults to
    it) is what gunicorn uses, e.g. through a ``TcpProxy`` the test can cut. With ``beat`` a real
    ``celery beat`` runs the relay on its production schedule instead of the ticker.
    """

    def __init__(
        self,
        *,
        database_url: str,
        workdir: Path,
        web_database_url: str | None = None,
        web_workers: int = 3,
        beat: bool = False,
        **env: str,
    ):
        self.workdir = Path(workdir)
        self.web_workers = web_workers
        self.beat: CeleryBeat | None = None
        self.use_beat = beat
        self.database_url = database_url
        self.web_database_url = web_database_url or database_url
        self.redis = RedisSlot()
        self.mail = MailServer()
        self.extra_env = env
        self.web: WebApp | None = None
        self.workers: list[CeleryWorker] = []
        self.relay = RelayTicker()

    def env(self, **overrides: str) -> dict[str, str]:
        env = worker_environment(
            database_url=self.database_url, redis_url=self.redis.url(), email_url=self.mail.url
        )
        env.update(production_env())
        env.update(FAST_RECOVERY)
        env.update(
            {
                "DJANGO_VAR_DIR": str(collected_var_dir()),
                "EVIDENCE_ATTACHMENT_ROOT": str(self.workdir / "attachments"),
                "SITE_URL": SITE_URL,
                "RATELIMIT_ENABLE": "1",
                "EVIDENCE_RATE_LIMIT": "1000/h",
                "EVIDENCE_START_RATE_LIMIT": "1000/h",
                "EVIDENCE_UPLOAD_RATE_LIMIT": "1000/h",
                "LOG_LEVEL": "INFO",
            }
        )
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def start(self) -> "FaultStack":
        try:
            self.redis.start()
            self.mail.start()
            self.web = WebApp(
                self.env(DATABASE_URL=self.web_database_url),
                self.workdir / "gunicorn.log",
                workers=self.web_workers,
            )
            self.web.start()
            self.start_worker()
            if self.use_beat:
                self.beat = CeleryBeat(self.env(), self.workdir / "beat.log").start()
            else:
                self.relay.start()
        except BaseException:
            self.stop()
            raise
        return self

    @property
    def worker(self) -> CeleryWorker:
        return self.workers[-1]

    def start_worker(self) -> CeleryWorker:
        worker = CeleryWorker(self.env(), self.workdir / f"worker-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker.start()

    def kill_worker(self) -> None:
        """SIGKILL the worker's whole process group: no shutdown, no acknowledgement, no cleanup."""
        self.worker.kill()

    def stop(self) -> None:
        if self.beat is not None:
            self.beat.stop()
        else:
            self.relay.stop()
        for worker in self.workers:
            worker.stop(grace=5)
        if self.web is not None:
            self.web.stop()
        self.mail.stop()
        self.redis.close()

    def __enter__(self) -> "FaultStack":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def not_queued(self) -> int:
        """How many times the web app could not queue a send task (the row waited for the relay)."""
        return self.web.log.count("; the relay will pick it up.") if self.web else 0

    def logs(self) -> str:
        """The tail of every log, for a failing test's report."""
        parts = [f"--- gunicorn ---\n{self.web.log[-4000:]}" if self.web else ""]
        parts += [f"--- worker {n} ---\n{w.log[-4000:]}" for n, w in enumerate(self.workers)]
        return "\n".join(parts)
