"""The retention purge at a million submissions on PostgreSQL, with a member sending evidence meanwhile.

Not part of the test run. Seeds a dedicated database (``nasuwt_bench_purge`` by default, created if
missing) with ``seed_demo_evidence``'s bulk function: ``--count`` demo submissions spread over sixteen
weeks, so that with EVIDENCE_RETENTION_DAYS=56 about half are past their retention. Then it runs
``purge_expired_evidence`` while a member (Django's test client, in a process of its own as a web worker
would be) goes through the whole "Send evidence" journey again and again, and reports:

- the purge's rows per second and its batches' longest commit (each batch is one transaction);
- the member's Send latencies (the final POST of check-your-answers): median, p95 and max;
- whether the weekly figures (and the dashboard's weekly history) are the same after the purge, once
  what the member sent meanwhile is taken into account.

Every run seeds afresh (the purge deletes half of what it finds). Results: bench/results/purge.json.

    .venv/bin/python bench/purge.py                    # 1,000,000 rows
    .venv/bin/python bench/purge.py --count 100000
    BENCH_POSTGRES=postgres://user@host:5432 .venv/bin/python bench/purge.py --database other
"""

import argparse
import json
import multiprocessing
import os
import queue
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
RETENTION_DAYS = 56


def prepare_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    os.environ["EVIDENCE_RETENTION_DAYS"] = str(RETENTION_DAYS)
    os.environ["RATELIMIT_ENABLE"] = "0"
    os.environ.pop("REDIS_URL", None)  # acknowledgements go in-process to the test mail outbox
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    import django

    django.setup()


def seed(count: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from evidence.demo import seed as demo
    from evidence.models import Submission, WeeklyFigure

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo.clear_demo()
    Submission.objects.all().delete()  # what earlier runs' member sent
    WeeklyFigure.objects.all().delete()
    cleared = time.perf_counter() - started

    def progress(done, total):
        print(f"\r  seeding {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    started = time.perf_counter()
    made = demo.create_demo_submissions(count, seed=1, progress=progress)
    print(file=sys.stderr)
    seeded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"rows": made, "clear_seconds": round(cleared, 1), "seed_seconds": round(seeded, 1)}


def member_sends(stop, results, ready) -> None:
    """In a process of its own, as a web worker would be: a member going through "Send evidence" again
    and again until ``stop`` is set; puts (send seconds, journey seconds, reference) on ``results``."""
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.journeys import answer_evidence_steps, evidence_answers

    setup_test_environment()
    try:
        while not stop.is_set():
            client = Client()
            began = time.perf_counter()
            answer_evidence_steps(client, evidence_answers())
            started = time.perf_counter()
            response = client.post("/evidence/send/check-your-answers/")
            finished = time.perf_counter()
            if response.status_code != 302:
                results.put(("failure", f"Send answered {response.status_code}"))
                return
            results.put((finished - started, finished - began, client.session["evidence_sent"]["reference"]))
            ready.set()
    except Exception as exc:  # reported in the results, not lost in the process
        results.put(("failure", repr(exc)))
    finally:
        results.put(None)


class Member:
    """The member's process, and what it reports."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.stop, self.ready = context.Event(), context.Event()
        self.results = context.Queue()
        self.process = context.Process(target=member_sends, args=(self.stop, self.results, self.ready))
        self.sends: list[float] = []
        self.journeys: list[float] = []
        self.references: list[str] = []
        self.failure = ""

    def start(self) -> None:
        self.process.start()
        self.ready.wait(timeout=120)

    def sent_so_far(self) -> int:
        self._drain(block=False)
        return len(self.sends)

    def finish(self) -> None:
        self.stop.set()
        self._drain(block=True)
        self.process.join(timeout=60)

    def _drain(self, *, block: bool) -> None:
        while True:
            try:
                item = self.results.get(block=block, timeout=120 if block else None)
            except queue.Empty:
                return
            if item is None:
                return
            if item[0] == "failure":
                self.failure = item[1]
                continue
            send, journey, reference = item
            self.sends.append(send)
            self.journeys.append(journey)
            self.references.append(reference)


def figures() -> dict[tuple[str, str, str], int]:
    from evidence.models import WeeklyFigure

    return {(f.week, f.dimension, f.value): f.count for f in WeeklyFigure.objects.exclude(count=0)}


def sent_by(references: list[str]) -> dict[tuple[str, str, str], int]:
    from evidence.models import Submission
    from evidence.models.figures import figure_keys, week_of

    added: dict[tuple[str, str, str], int] = {}
    for submission in Submission.objects.filter(reference__in=references).select_related("local_authority"):
        for dimension, value in figure_keys(submission):
            key = (str(week_of(submission)), dimension, value)
            added[key] = added.get(key, 0) + 1
    return added


def history() -> list[tuple]:
    from evidence.triage import dashboard

    return [(str(w.start), w.total, sorted(w.by_theme.items())) for w in dashboard.weekly_by_theme()]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def run_purge(batch_size: int) -> dict:
    from evidence.privacy import retention

    expired = retention.count_expired()
    before, history_before = figures(), history()
    member = Member()
    member.start()  # the member has sent once and is mid-journey when the purge starts
    before_purge = member.sent_so_far()
    started = time.perf_counter()
    purged = retention.purge_expired_evidence(batch_size=batch_size)
    seconds = time.perf_counter() - started
    sends_during = member.sent_so_far() - before_purge
    member.finish()

    expected = dict(before)
    for key, count in sent_by(member.references).items():
        expected[key] = expected.get(key, 0) + count
    history_after = history()
    ms = [s * 1000 for s in member.sends]
    return {
        "cut_off": purged.cut_off.isoformat(),
        "expired_before": expired,
        "purged": purged.submissions,
        "batches": purged.batches,
        "batch_size": batch_size,
        "batch_rows_median": statistics.median(purged.batch_sizes) if purged.batch_sizes else 0,
        "seconds": round(seconds, 1),
        "rows_per_second": round(purged.submissions / seconds) if seconds else 0,
        "batch_commit_ms": {
            "median": round(statistics.median(purged.batch_seconds) * 1000, 1) if purged.batch_seconds else 0,
            "p95": round(percentile(purged.batch_seconds, 0.95) * 1000, 1),
            "max": round(purged.longest_batch_seconds * 1000, 1),
        },
        "batches_over_a_second": sum(1 for seconds in purged.batch_seconds if seconds >= 1.0),
        "sends": len(ms),
        "sends_over_a_second": sum(1 for send in ms if send >= 1000),
        "sends_during_purge": sends_during,
        "send_ms": {
            "median": round(statistics.median(ms), 1) if ms else 0,
            "p95": round(percentile(ms, 0.95), 1),
            "max": round(max(ms, default=0), 1),
        },
        "journey_ms_median": round(statistics.median(member.journeys) * 1000, 1) if member.journeys else 0,
        "member_failure": member.failure,
        "figures_equal": figures() == expected,
        "weekly_history_equal": history_after[:-1] == history_before[:-1],
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--database", default="nasuwt_bench_purge")
    parser.add_argument("--batch-size", type=int, default=0, help="Default: the purge's own (BATCH).")
    args = parser.parse_args()

    prepare_database(os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"), args.database)
    from django.test.utils import setup_test_environment

    setup_test_environment()
    seeding = seed(args.count)
    from evidence.privacy.retention import BATCH

    result = run_purge(args.batch_size or BATCH)

    print(f"\n{seeding['rows']:,} demo submissions seeded in {seeding['seed_seconds']}s (figures included)")
    print(f"cut-off {result['cut_off']}: {result['expired_before']:,} expired\n")
    rows = [
        (
            "purged",
            f"{result['purged']:,} in {result['batches']} batches of up to {result['batch_size']} "
            f"(median {result['batch_rows_median']:.0f})",
        ),
        ("load average (1 min) at the end", str(result["load_average"])),
        ("purge time", f"{result['seconds']} s"),
        ("rows per second", f"{result['rows_per_second']:,}"),
        (
            "batch commit ms (median / p95 / max)",
            "{median} / {p95} / {max}".format(**result["batch_commit_ms"]),
        ),
        ("batches over a second", str(result["batches_over_a_second"])),
        ("member Sends (during the purge)", f"{result['sends']} ({result['sends_during_purge']})"),
        ("Sends over a second", str(result["sends_over_a_second"])),
        ("Send ms (median / p95 / max)", "{median} / {p95} / {max}".format(**result["send_ms"])),
        ("weekly figures equal before/after", str(result["figures_equal"])),
        ("dashboard weekly history equal", str(result["weekly_history_equal"])),
    ]
    for name, value in rows:
        print(f"{name:<40}{value:>36}")
    if result["member_failure"]:
        print(f"\nthe member's journey failed: {result['member_failure']}")

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "purge.json"
    out.write_text(json.dumps({"seeding": seeding, "purge": result}, indent=2))
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
