"""One relay run against a backlog of due outbox rows: does it queue them all within its time budget?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/relay_drain.py \\
        [--rows 100000]

It makes a scratch database beside DATABASE_URL's (``<name>_relay_bench``, dropped at the end) and a
redis-server of its own, writes ``--rows`` pending acknowledgement rows that the broker never had
(half marked ``not_queued``, half overdue by more than OUTBOX_RELAY_AFTER_SECONDS), then times one
``relay()`` call as the beat task runs it and counts the messages in the broker. Prints a table and
writes bench/results/relay_drain.json. Never part of the test run.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bench.scratch import drop_database, fresh_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", type=Path, default=PROJECT_DIR / "bench" / "results" / "relay_drain.json")
    args = parser.parse_args()

    database = fresh_database("relay_bench")
    if database is None:
        print("Set DATABASE_URL=postgres://... (the benchmark makes a scratch database beside it).")
        return 2
    scratch, scratch_url = database

    os.environ.update(
        DATABASE_URL=scratch_url, DJANGO_SETTINGS_MODULE="nasuwt_send.settings", DJANGO_DEBUG="1"
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    from evidence.mail import queue
    from evidence.models import OutboundEmail
    from tests.integration.harness import celery_broker
    from tests.integration.redis_servers import RedisServer

    try:
        call_command("migrate", verbosity=0)
        long_ago = timezone.now() - timezone.timedelta(seconds=settings.OUTBOX_RELAY_AFTER_SECONDS + 60)
        started = time.monotonic()
        with (
            connection.cursor() as cursor,
            cursor.copy(
                'COPY evidence_outboundemail (kind, idempotency_key, "to", subject, text_body, html_body,'
                " status, attempts, last_error, created_at, next_attempt_at, not_queued) FROM STDIN"
            ) as copy,
        ):
            for n in range(args.rows):
                copy.write_row(
                    ("ack", f"ack:BENCH-{n:07d}", f"m{n}@example.org", "Bench", "Body", "", "pending", 0, "",
                     long_ago, long_ago, n % 2 == 0)
                )  # fmt: skip
        written = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE evidence_outboundemail")
        budget = min(settings.OUTBOX_RELAY_BUDGET_SECONDS, 0.8 * queue.RELAY_SOFT_TIME_LIMIT_SECONDS)
        with RedisServer() as broker, celery_broker(broker.url()):
            queue.broker_was_emptied()  # the mark, as a relay run before this one would have left it
            started = time.monotonic()
            result = queue.relay()
            seconds = time.monotonic() - started
            in_broker = redis.Redis.from_url(broker.url()).llen(
                "mail"
            )  # the relay's queue (CELERY_TASK_ROUTES)
        still_due = OutboundEmail.objects.filter(not_queued=True).count()
    finally:
        connections.close_all()
        drop_database(scratch)

    results = {
        "rows": args.rows,
        "rows_written_seconds": written,
        "relay_seconds": seconds,
        "budget_seconds": budget,
        "queued": result.requeued_pending,
        "not_queued": result.not_queued,
        "messages_in_broker": in_broker,
        "rows_per_second": result.requeued_pending / seconds if seconds else 0,
        "batch_size": queue.RELAY_BATCH_SIZE,
        "still_marked_not_queued": still_due,
    }
    print(
        f"One relay run over {args.rows} due rows "
        f"(batches of {queue.RELAY_BATCH_SIZE}, budget {budget:.0f} s)"
    )
    shown = ("relay_seconds", "queued", "messages_in_broker", "rows_per_second", "still_marked_not_queued")
    for name in shown:
        value = results[name]
        print(f"  {name:<26}{value:>12.1f}" if isinstance(value, float) else f"  {name:<26}{value:>12}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {args.json}")
    return 0 if results["queued"] == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())
