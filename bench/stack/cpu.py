"""Where a measurement's time went: the CPU each kind of process used over it, read from /proc.

A rate says how much; this says on what. Before and after a measurement, every process's user and
system time is read and sorted by its command line into gunicorn (the master and its workers), the
Celery worker, PostgreSQL (every backend of the machine's server: run the bench on a quiet machine) and
Redis. A process that started and ended between the two readings is not seen; the workers keep their
database connections (``CELERY_DB_REUSE_MAX``), so few do. Anywhere without /proc it reports nothing.
"""

import os
from pathlib import Path

PROC = Path("/proc")
KINDS = (
    ("gunicorn", "gunicorn"),
    ("worker", "celery"),
    ("postgresql", "postgres: "),
    ("redis", "redis-server"),
)
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

Snapshot = dict[int, tuple[str, int]]  # pid -> (kind, ticks of CPU so far)


def kind_of(command: str) -> str | None:
    for kind, marker in KINDS:
        if marker in command:
            return kind
    return None


def snapshot(proc: Path = PROC) -> Snapshot:
    found: Snapshot = {}
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = (entry / "stat").read_text()
        except OSError:  # gone while we read, or not ours to read
            continue
        kind = kind_of(command)
        if kind is None:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        found[int(entry.name)] = (kind, int(fields[11]) + int(fields[12]))  # utime + stime
    return found


def used(before: Snapshot, after: Snapshot, *, seconds: float, requests: int = 0) -> dict:
    """Cores each kind used over ``seconds`` and, given ``requests``, gunicorn's CPU milliseconds per
    request."""
    ticks = {kind: 0 for kind, _ in KINDS}
    for pid, (kind, now) in after.items():
        ticks[kind] += now - before.get(pid, (kind, 0))[1]
    cores = {kind: round(count / TICKS / seconds, 2) for kind, count in ticks.items()}
    found: dict = {"cores": cores}
    if requests:
        found["gunicorn_ms_per_request"] = round(ticks["gunicorn"] / TICKS * 1000 / requests, 2)
    return found
