"""Submit-to-inbox latency of the acknowledgement email through PostgreSQL, Redis, a worker and SMTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/ack_latency.py [--count 100]

It makes a scratch database beside DATABASE_URL's (dropped at the end), empties the Redis database
REDIS_URL names (give it one of its own), starts an SMTP sink in this process and a real
``celery worker`` (solo pool), then submits through ``submission_create``:

- one at a time, timing each from the call to the moment the SMTP server has the message;
- then all at once (a burst), timing until the last acknowledgement arrives.

Prints a table and writes bench/results/ack_latency.json. Never part of the test run.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def scratch_database_url(base_url: str, name: str) -> str:
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_connection(base_url: str):
    import psycopg

    connection = psycopg.connect(base_url.replace("postgres://", "postgresql://", 1), autocommit=True)
    return connection


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100, help="submissions to time one by one (default 100)")
    parser.add_argument("--warm-up", type=int, default=3, help="untimed submissions first (default 3)")
    parser.add_argument("--json", type=Path, default=PROJECT_DIR / "bench" / "results" / "ack_latency.json")
    args = parser.parse_args()

    base_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not base_url.startswith("postgres") or not redis_url:
        print("Set DATABASE_URL=postgres://... and REDIS_URL=redis://.../<db> (a database of its own).")
        return 2

    scratch = f"{urlsplit(base_url).path.lstrip('/') or 'postgres'}_ack_latency_bench"
    scratch_url = scratch_database_url(base_url, scratch)
    with admin_connection(base_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{scratch}"')

    os.environ.update(DATABASE_URL=scratch_url, DJANGO_SETTINGS_MODULE="nasuwt_send.settings")
    # Local development's settings (unset would be production's); its worker inherits them.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.db import connections

    from evidence.models import LocalAuthority
    from evidence.submissions.create import submission_create
    from evidence.submissions.draft import AboutYou, ContactDetails, SubmissionDraft
    from tests.integration.harness import CeleryWorker, worker_environment
    from tests.integration.smtp_sink import SmtpSink

    try:
        call_command("migrate", verbosity=0)
        redis.Redis.from_url(redis_url).flushdb()
        authority = LocalAuthority.objects.order_by("name").first()

        def submit(number: int) -> str:
            submission = submission_create(
                draft=SubmissionDraft(
                    journey_key=uuid.uuid4(),
                    about=AboutYou(
                        role="senco", phase="primary", setting="maintained", local_authority_id=authority.id
                    ),
                    theme_slugs=("workload",),
                    answers={},
                    experience="Benchmark evidence.",
                    contact=ContactDetails(email=f"bench{number}@example.org"),
                )
            )
            return submission.reference

        with tempfile.TemporaryDirectory() as logs, SmtpSink() as sink:
            env = worker_environment(database_url=scratch_url, redis_url=redis_url, email_url=sink.url)
            with CeleryWorker(env, Path(logs) / "worker.log"):
                for number in range(args.warm_up):
                    reference = submit(-1 - number)
                    sink.wait_for(lambda m, ref=reference: ref in m.subject)

                one_by_one: list[float] = []
                for number in range(args.count):
                    started = time.monotonic()
                    reference = submit(number)
                    [received] = sink.wait_for(lambda m, ref=reference: ref in m.subject)
                    one_by_one.append(received.received_at - started)

                started = time.monotonic()
                burst = [submit(args.count + number) for number in range(args.count)]
                submitted = time.monotonic() - started
                wanted = set(burst)
                arrived = sink.wait_for(
                    lambda m: m.subject.rsplit(" ", 1)[-1] in wanted, count=len(burst), timeout=300
                )
                burst_total = max(m.received_at for m in arrived) - started
    finally:
        connections.close_all()
        with admin_connection(base_url) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')

    results = {
        "count": args.count,
        "one_by_one_ms": {
            "median": statistics.median(one_by_one) * 1000,
            "p95": percentile(one_by_one, 0.95) * 1000,
            "max": max(one_by_one) * 1000,
            "min": min(one_by_one) * 1000,
        },
        "burst": {
            "submit_seconds": submitted,
            "last_in_inbox_seconds": burst_total,
            "emails_per_second": len(burst) / burst_total,
        },
    }
    print(f"Acknowledgement latency, submit to inbox ({args.count} submissions, solo worker)")
    print(f"{'':<24}{'median':>10}{'p95':>10}{'max':>10}")
    one = results["one_by_one_ms"]
    print(f"{'one at a time (ms)':<24}{one['median']:>10.0f}{one['p95']:>10.0f}{one['max']:>10.0f}")
    print(
        f"burst of {args.count}: submitted in {submitted:.2f} s, last in the inbox after {burst_total:.2f} s "
        f"({results['burst']['emails_per_second']:.0f} emails/s)"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
