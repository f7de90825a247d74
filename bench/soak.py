"""The soak: N members through the real web form while Redis stops, Redis hangs, the worker is
SIGKILLed and the mail server goes down; then every acknowledgement counted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/soak.py \\
        [--journeys 10000] [--members 50] [--web-workers 4]

It makes a scratch database beside DATABASE_URL's (``<name>_soak_bench``, dropped at the end) and runs
everything else of its own on free ports: gunicorn (production settings), a ``celery worker``,
``celery beat``, a redis-server and an SMTP server (aiosmtpd), as the fault tests do
(tests/integration/faults.py, soak.py). It prints the faults as they happen, then a table: saved,
delivered, lost, failed, duplicates, the slowest request, journey p50/p95 and the time from the last
Send to the last acknowledgement. Results go to bench/results/soak.json. Never part of the test run.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bench.scratch import drop_database, fresh_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=50, help="members sending evidence at once")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--drain-timeout", type=float, default=900, help="seconds to wait for the mail")
    parser.add_argument("--json", type=Path, default=PROJECT_DIR / "bench" / "results" / "soak.json")
    args = parser.parse_args()

    database = fresh_database("soak_bench")
    if database is None:
        print("Set DATABASE_URL=postgres://... (the soak makes a scratch database beside it).")
        return 2
    scratch, scratch_url = database

    os.environ.update(
        DATABASE_URL=scratch_url, DJANGO_SETTINGS_MODULE="nasuwt_send.settings", DJANGO_DEBUG="1"
    )
    os.environ.pop("REDIS_URL", None)  # this process publishes only through the stack's own Redis
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tests.integration.faults import FaultStack
    from tests.integration.harness import celery_broker
    from tests.integration.soak import FAULTS, SOAK_ENV, run_soak

    try:
        call_command("migrate", verbosity=0)
        print(
            f"Soak: {args.journeys} journeys, {args.members} members at once, gunicorn -w {args.web_workers}"
        )
        for fault in FAULTS:
            print(f"  fault: {fault}")
        print(f"  settings: {SOAK_ENV}, relay by celery beat every 60 s")
        with (
            tempfile.TemporaryDirectory(prefix="soak-") as workdir,
            FaultStack(
                database_url=scratch_url,
                workdir=Path(workdir),
                web_workers=args.web_workers,
                beat=True,
                # One client address sends it all: every per-client limit out of the way (the stack's
                # defaults allow 1,000 journey starts an hour, which a 10,000-journey soak passes).
                EVIDENCE_RATE_LIMIT="1000000/h",
                EVIDENCE_START_RATE_LIMIT="1000000/h",
                EVIDENCE_UPLOAD_RATE_LIMIT="1000000/h",
                **SOAK_ENV,
            ) as stack,
            celery_broker(stack.redis.url()),
        ):
            result = run_soak(
                stack, journeys=args.journeys, members=args.members, drain_timeout=args.drain_timeout
            )
    finally:
        connections.close_all()
        drop_database(scratch)

    print(result.table())
    print(result.outbox_status)
    for error in result.errors:
        print(f"  {error[:300]}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result.as_dict(), indent=2) + "\n")
    print(f"Written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
