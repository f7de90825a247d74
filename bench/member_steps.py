"""The member's question pages, in one process: each step's GET and POST time, its queries, its calls of
Django's ``normalize_choices``, its session writes, and a whole journey up to "Send evidence".

Not part of the test run. On any migrated PostgreSQL database (created if missing; ``--migrate`` runs
the migrations), through Django's test client; with REDIS_URL set the cache (and the version of the
kept authorities and themes, evidence.submissions.forms.reference_lists) is Redis, as in production.

    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/member_steps.py --database wt_steps

Medians over ``--runs`` requests; each step's page is fetched as the member who answered it (so the
form shows their answers), "about-you (blank)" as one who has answered nothing yet.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="nasuwt_bench")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--journeys", type=int, default=10)
    parser.add_argument("--migrate", action="store_true")
    args = parser.parse_args()
    from triage_pages import prepare_database

    os.environ.setdefault("RATELIMIT_ENABLE", "0")  # ten journeys from one address would be limited

    prepare_database(os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"), args.database)
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    if args.migrate:
        call_command("migrate", verbosity=0)
    setup_test_environment()
    measure_steps(args.runs)
    measure_journeys(args.journeys)


def measure_steps(runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.journeys import evidence_answers

    answers = evidence_answers()
    client, fresh = Client(), Client()
    client.get("/evidence/send/")
    fresh.get("/evidence/send/")  # a member who has answered nothing yet: the blank "About you"
    rows = []
    for step, data in [("about-you (blank)", None), *answers.items(), ("check-your-answers", None)]:
        url = "/evidence/send/about-you/" if step == "about-you (blank)" else f"/evidence/send/{step}/"
        member = fresh if step == "about-you (blank)" else client
        if step == "contact-details":
            client.post("/evidence/send/attachments/", {"action": "continue"})
        if data is not None:
            member.post(url, data)  # answered, so its page shows the answer
        get = lambda member=member, url=url: member.get(url)  # noqa: E731
        with CaptureQueriesContext(connection) as queries:
            assert get().status_code == 200, step
        row = {"step": step, "get queries": len(queries), "normalize_choices": normalize_calls(get)}
        row["get ms"], row["get cpu ms"] = median_ms(get, runs)
        if data is not None:
            post = lambda member=member, url=url, data=data: member.post(url, data)  # noqa: E731
            with CaptureQueriesContext(connection) as queries:
                assert post().status_code == 302, step
            row["session writes"] = sum(
                "django_session" in q["sql"] and q["sql"].startswith("UPDATE") for q in queries
            )
            row["post ms"], row["post cpu ms"] = median_ms(post, runs)
        rows.append(row)
    columns = ["step", "get ms", "get cpu ms", "post ms", "post cpu ms", "get queries"]
    columns += ["normalize_choices", "session writes"]
    print("".join(f"{c:>18}" for c in columns))
    for row in rows:
        cells = (row.get(c, "") for c in columns)
        print("".join(f"{c:>18.1f}" if isinstance(c, float) else f"{c!s:>18}" for c in cells))


def measure_journeys(count: int) -> None:
    """Every GET and POST of one member, from the start to "Send evidence"."""
    from django.test import Client

    from tests.journeys import evidence_answers

    answers = evidence_answers()
    requests = 1 + 2 * (len(answers) + 2)
    times = []
    for _ in range(count):
        client = Client()
        started = time.perf_counter()
        client.get("/evidence/send/")
        for step, data in answers.items():
            if step == "contact-details":
                client.get("/evidence/send/attachments/")
                client.post("/evidence/send/attachments/", {"action": "continue"})
            client.get(f"/evidence/send/{step}/")
            assert client.post(f"/evidence/send/{step}/", data).status_code == 302, step
        client.get("/evidence/send/check-your-answers/")
        assert client.post("/evidence/send/check-your-answers/").status_code == 302
        times.append(time.perf_counter() - started)
    print(
        f"\nwhole journey ({requests} requests, ending with a sent submission): median {median(times):.1f} ms"
    )


def normalize_calls(request: Callable[[], object]) -> int:
    profile = cProfile.Profile()
    profile.runcall(request)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return sum(nc for (_, _, name), (_, nc, *_) in stats.items() if name == "normalize_choices")


def median_ms(request: Callable[[], object], runs: int) -> tuple[float, float]:
    """Wall-clock and this process's CPU time: on a shared machine the CPU time varies less with load
    (it leaves out PostgreSQL's and Redis's own time)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        request()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return median(wall), median(cpu)


def median(times: list[float]) -> float:
    return statistics.median(times) * 1000


if __name__ == "__main__":
    main()
