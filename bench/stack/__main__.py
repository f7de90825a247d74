"""``make bench``: the whole stack, every row of issue 16's table, in one run.

    .venv/bin/python -m bench.stack                  # about 5-10 minutes: 1,000 and 100,000 rows
    BENCH_MILLION=1 .venv/bin/python -m bench.stack  # and 1,000,000 (seeding it takes minutes)
    BENCH_QUICK=1 .venv/bin/python -m bench.stack    # a minute or two: 100 and 200 rows (and 300 for
                                                     # the million's path, with BENCH_MILLION=1)

A scratch database on BENCH_POSTGRES (``<its name>_stack_bench``, dropped at the end), a redis-server
and an SMTP server of its own, gunicorn as the Procfile starts it and one Celery worker, all under
production settings (bench/stack/services.py). The load client is pinned to a core of its own. It
measures, in order: the public pages' requests per second against /healthz (wrk if installed), each
journey step's GET for one member alone, the member journey with the Python member client (rate
against /healthz with that client; p95 with the larger crowd), then the admin pages and the export at
the smaller and the larger size (and the million). Writes bench/results.json (BENCH_RESULTS to move
it) and the table in bench/README.md (BENCH_README=0 to leave it alone). Everything it started is
stopped, and its database dropped, whatever happens; past BENCH_TIMEOUT seconds (30 minutes, two hours
with the million) it gives up.
"""

import datetime
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR))

from bench.scratch import drop_database, fresh_database  # noqa: E402
from bench.stack import admin_pages, load, report  # noqa: E402
from bench.stack.phases import Run, measure, plan  # noqa: E402
from bench.stack.services import Stack, split_cores  # noqa: E402

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def postgresql() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


class OutOfTime(BaseException):
    """Not an Exception: ``Run.attempt`` must not swallow it and go on."""


def out_of_time(signum, frame) -> None:
    """A wedged stack must not keep the bench (and what it started) running: stop, clean up, fail."""
    raise OutOfTime("The bench ran out of time (BENCH_TIMEOUT seconds).")


def pinning(cores) -> str:
    if not cores:
        return "not pinned (one core)"
    return f"load client on core {sorted(cores[0])}, the stack on {sorted(cores[1])}"


def main() -> int:
    p = plan()
    cores = split_cores()
    run = Run(p, cores or (None, None))
    results = Path(os.environ.get("BENCH_RESULTS", PROJECT_DIR / "bench" / "results.json"))
    readme = None if os.environ.get("BENCH_README") == "0" else PROJECT_DIR / "bench" / "README.md"
    load_before = os.getloadavg()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES)
    name, url = fresh_database("stack_bench")
    run.say(f"{p.mode} mode; database {name}; cores {'client ' + str(cores[0]) if cores else 'not split'}")
    workdir = tempfile.TemporaryDirectory(prefix="bench-stack-")
    stack = Stack(database_url=url, workdir=Path(workdir.name), cores=run.cores[1])
    found: list[report.Row] = []
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(os.environ.get("BENCH_TIMEOUT", 7200 if p.million else 1800)))
    try:
        stack.start_services()
        os.environ.update(stack.env())
        import django

        django.setup()
        from django.core.management import call_command

        run.say("migrating and seeding")
        call_command("migrate", verbosity=0)
        run.details["seed_small_seconds"] = admin_pages.seed(p.sizes[0], progress=run.say)
        run.say(f"starting gunicorn (-w {stack.workers}, as the Procfile) and a Celery worker")
        stack.start_processes()
        if cores:
            os.sched_setaffinity(0, cores[0])
        found = measure(run, stack)
        run.details["postgresql"] = postgresql()
    finally:
        signal.alarm(0)
        stack.stop()
        from django.db import connections

        connections.close_all()
        drop_database(name)
        workdir.cleanup()
    facts = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": report.commit(),
        "mode": p.mode,
        "sizes": [*p.sizes, *([p.big] if p.million else [])],
        "machine": {**report.machine(), "postgresql": run.details.pop("postgresql", "")},
        "load_before": [round(x, 1) for x in load_before],
        "load_after": [round(x, 1) for x in os.getloadavg()],
        "pinning": pinning(cores),
        "gunicorn_workers": stack.workers,
        "page_client": load.page_client(),
        "seconds": round(time.monotonic() - run.started),
        "errors": run.errors,
        "details": run.details,
    }
    report.write(found, facts, results=results, readme=readme)
    print(report.table(found))
    print(f"Written to {results}" + (f" and {readme}" if readme else "") + f"; {len(run.errors)} errors.")
    return 1 if run.errors else 0


if __name__ == "__main__":
    sys.exit(main())
