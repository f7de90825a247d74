"""The dashboard and the tracker at scale: counted for each visit, and read from the cache (decision 0065).

Not part of the test run. Runs against an existing database of submissions (say a copy of a million
seeded rows: ``CREATE DATABASE x TEMPLATE ...``, then ``migrate``), in this process with Django's test
client, signed in as a superuser with a verified second factor (tests/staff.py). For each page, each
way, in turn so both see the same load: the median of ``--runs`` requests after one warm-up, its
queries and their time. "live" is the page counting for the visit (what it did before, and what it
does on a cache miss); "cached" reads the figures the beat task counted. Then the beat task's counting
alone, and, with ``--explain``, EXPLAIN ANALYZE of each counting query. Prints a table and writes
bench/results/dashboard_figures.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_dash_million DJANGO_DEBUG=1 \\
        .venv/bin/python bench/dashboard_figures.py --runs 5 --explain
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def superuser():
    from django.contrib.auth.models import User

    user, _ = User.objects.get_or_create(
        username="bench-dashboard", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def time_page(client, path: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, sql, queries = [], [], 0
    for run in range(runs + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            seconds = time.perf_counter() - started
        if response.status_code != 200:  # a sign-in page or an error page would be timed as fast
            raise RuntimeError(f"{path} answered {response.status_code}")
        if run:  # the first is the warm-up
            timings.append(seconds * 1000)
            sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
            queries = len(captured.captured_queries)
    return {
        "ms": round(statistics.median(timings), 1),
        "max_ms": round(max(timings), 1),
        "sql_ms": round(statistics.median(sql), 1),
        "queries": queries,
    }


def explain_counting() -> list[dict]:
    """EXPLAIN ANALYZE of every query the beat task runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evidence.triage import figures

    with CaptureQueriesContext(connection) as captured:
        figures.count_dashboard()
        figures.count_tracker()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plans.append({"sql": query["sql"], "plan": [row[0] for row in cursor.fetchall()]})
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from evidence.models import Submission
    from evidence.triage import figures
    from tests.staff import sign_in

    client = sign_in(Client(HTTP_HOST="localhost"), superuser())
    pages = {
        "dashboard": reverse("admin:evidence_submission_dashboard"),
        "tracker": reverse("admin:evidence_localauthority_tracker"),
    }
    rows = Submission.objects.count()
    result: dict = {"submissions": rows, "pages": {}}
    for name, path in pages.items():
        settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = rows + 1
        live = time_page(client, path, args.runs)
        settings.TRIAGE_FIGURES_LIVE_BELOW_ROWS = 0
        figures.refresh_cached_figures()
        cached = time_page(client, path, args.runs)
        result["pages"][name] = {"live": live, "cached": cached}
    counting = []
    for _ in range(3):
        started = time.perf_counter()
        figures.refresh_cached_figures()
        counting.append((time.perf_counter() - started) * 1000)
    result["beat_task_ms"] = round(statistics.median(counting), 1)
    cache.delete_many([figures.DASHBOARD_KEY, figures.TRACKER_KEY])
    if args.explain:
        result["plans"] = explain_counting()

    print(f"\n{rows:,} submissions")
    print(f"{'page':<12}{'way':<8}{'median ms':>10}{'max ms':>8}{'SQL ms':>8}{'queries':>9}")
    for name, ways in result["pages"].items():
        for way, found in ways.items():
            print(
                f"{name:<12}{way:<8}{found['ms']:>10.1f}{found['max_ms']:>8.1f}"
                f"{found['sql_ms']:>8.1f}{found['queries']:>9}"
            )
    print(f"beat task (both pages' counting): {result['beat_task_ms']:.0f} ms")
    for plan in result.get("plans", []):
        print("\n" + plan["sql"][:400] + "\n  " + "\n  ".join(plan["plan"]))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dashboard_figures.json").write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
