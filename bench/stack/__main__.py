"""``make bench``: the whole stack, every row of issue 16's table, in one run.

    .venv/bin/python -m bench.stack                  # about 5-10 minutes: 1,000 and 100,000 rows
    BENCH_MILLION=1 .venv/bin/python -m bench.stack  # and 1,000,000 (seeding it takes minutes)
    BENCH_QUICK=1 .venv/bin/python -m bench.stack    # under a minute: 100 and 200 rows, few requests

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
import traceback
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR))

from bench.scratch import drop_database, fresh_database  # noqa: E402
from bench.stack import admin_pages, load, report, rows  # noqa: E402
from bench.stack.services import Stack, split_cores  # noqa: E402

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Plan:
    mode: str
    sizes: tuple[int, int]
    million: bool
    page_seconds: float
    connections: int
    journey_seconds: float
    members: int
    crowd: int
    repeats: int
    step_repeats: int


def plan() -> Plan:
    million = os.environ.get("BENCH_MILLION") == "1"
    if os.environ.get("BENCH_QUICK") == "1":
        return Plan("quick", (100, 200), million, 1, 4, 2, 4, 8, 1, 3)
    return Plan("million" if million else "default", (1_000, 100_000), million, 10, 16, 30, 16, 50, 5, 20)


class Run:
    """One run's measurements and the errors met on the way (a failed measurement is reported, the
    run goes on)."""

    def __init__(self, plan: Plan, cores):
        self.plan = plan
        self.cores = cores
        self.started = time.monotonic()
        self.errors: list[str] = []
        self.details: dict = {}

    def say(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.0f} s] {text}", flush=True)

    def attempt(self, what: str, measure, *args, **kwargs):
        self.say(what)
        try:
            return measure(*args, **kwargs)
        except Exception as exc:
            self.errors.append(f"{what}: {type(exc).__name__}: {exc}"[:2000])
            self.say(f"  FAILED: {type(exc).__name__}: {exc}"[:500])
            traceback.print_exc()
            return None


def measure_public(run: Run, base: str) -> dict:
    from consultation.models import Question

    question = Question.objects.order_by("number").first()
    paths = {
        "healthz": "/healthz",
        "question": f"/response/questions/{question.number if question else 1}/",
        "home": "/",
        "evidence": "/evidence/",
        "search": "/response/search/?q=mediation",
    }
    client = load.page_client()
    rates = {}
    for key, path in paths.items():

        def measure(path: str = path) -> dict:
            load.preflight(base, path)
            return load.rate(
                base, path, client=client, connections=run.plan.connections, seconds=run.plan.page_seconds
            )

        rates[key] = run.attempt(
            f"{path}: {client}, {run.plan.connections} connections, {run.plan.page_seconds:g} s", measure
        )
    run.details["public"] = rates
    return rates


def measure_journeys(run: Run, base: str):
    p = run.plan
    steps = run.attempt("each step's GET, one member alone", load.step_pages, base, repeats=p.step_repeats)
    healthz = run.attempt(
        f"/healthz: python, {p.members} at once",
        load.rate,
        base,
        "/healthz",
        client="python",
        connections=p.members,
        seconds=p.page_seconds,
    )
    rate = run.attempt(
        f"journeys: {p.members} members, {p.journey_seconds:g} s",
        load.journeys,
        base,
        members=p.members,
        seconds=p.journey_seconds,
    )
    crowd = run.attempt(
        f"journeys: {p.crowd} members, {p.journey_seconds:g} s",
        load.journeys,
        base,
        members=p.crowd,
        seconds=p.journey_seconds,
        first_number=10**6,
    )
    run.details.update(steps=steps, healthz_python=healthz, journeys=[vars(r) for r in (rate, crowd) if r])
    return rows.journey_rows(healthz, rate, crowd, steps)


def wait_for_acknowledgements(run: Run, stack: Stack) -> None:
    """The worker's mail is done before the admin is timed (it shares the stack's cores)."""
    from evidence.models import OutboundEmail
    from tests.integration.harness import wait_until

    pending = OutboundEmail.objects.filter(status__in=["pending", "sending"])
    wait_until(lambda: not pending.exists(), timeout=300, interval=0.5, what="the acknowledgements")
    run.details["acknowledgements"] = {
        "sent": OutboundEmail.objects.filter(status="sent").count(),
        "received_by_smtp": len(stack.mail.messages),
    }


def measure_admin(run: Run, stack: Stack, key: str, count: int) -> tuple[dict | None, dict | None]:
    pages = run.attempt(
        f"admin pages at {count:,} rows", admin_pages.measure_pages, stack.url, repeats=run.plan.repeats
    )
    export = run.attempt(f"export at {count:,} rows", admin_pages.measure_export, stack.env(), run.cores[1])
    run.details[f"admin_{key}"] = {"rows": count, "pages": pages, "export": export}
    return pages, export


def measure(run: Run, stack: Stack) -> list[report.Row]:
    small, large = run.plan.sizes
    found = rows.public_rows(measure_public(run, stack.url) or {})
    found += measure_journeys(run, stack.url)
    run.attempt("waiting for the acknowledgements", wait_for_acknowledgements, run, stack)
    small_pages, small_export = measure_admin(run, stack, "small", small)
    found += rows.admin_rows("small", small, small_pages, small_pages, small_export, small_export)
    seeded = run.attempt(f"seeding {large - small:,} more", admin_pages.seed, large - small, progress=run.say)
    large_pages, large_export = measure_admin(run, stack, "large", large)
    found += rows.admin_rows("large", large, large_pages, small_pages, large_export, small_export)
    million_seconds, million_pages, million_export = None, None, None
    if run.plan.million:
        million_seconds = run.attempt(
            "seeding 1,000,000 afresh", admin_pages.seed, 1_000_000, progress=run.say, clear=True
        )
        million_pages, million_export = measure_admin(run, stack, "million", 1_000_000)
    found += rows.admin_rows("million", 1_000_000, million_pages, small_pages, million_export, small_export)
    note = "" if run.plan.million else "not run: BENCH_MILLION=1 runs it"
    return found + rows.seed_rows((large - small, seeded), million_seconds, note)


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
        from django.test.utils import setup_test_environment

        setup_test_environment()
        run.say("migrating and seeding")
        call_command("migrate", verbosity=0)
        run.details["seed_small_seconds"] = admin_pages.seed(p.sizes[0], progress=run.say)
        run.say(f"starting gunicorn (-w {stack.workers}, as the Procfile) and a Celery worker")
        stack.start_processes()
        if cores:
            os.sched_setaffinity(0, cores[0])
        found = measure(run, stack)
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
        "sizes": [*p.sizes, *([1_000_000] if p.million else [])],
        "machine": report.machine(),
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
