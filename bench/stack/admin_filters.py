"""The submission list, its filters and a common-word search, each query explained, at whatever size the
database holds (issue 16, item 5: the admin rows at 1,000 and 1,000,000 submissions).

Not part of the test run. In this process, through Django's test client, signed in as the Education
Team member of ``make bench`` (bench/stack/admin_pages.py: the same pages and URLs): each page's median
time over ``--repeats`` after one warm-up, this process's CPU time, its SQL time and its query count;
with ``--explain``, every SELECT the page ran under ``EXPLAIN (ANALYZE, BUFFERS)``, so the page's time
can be read statement by statement. Prints a table, writes bench/results/admin_filters_<rows>.json.
With ``--profile``, the list page under cProfile as well (``--profile-runs`` requests after a warm-up):
its parts by cumulative time (the view, the rows, the filters, the count) and its 25 costliest
functions by own time, printed and written to bench/results/admin_list_profile_<rows>.txt.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_filters_million DJANGO_DEBUG=1 \\
        .venv/bin/python -m bench.stack.admin_filters --explain
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
SKIPPED = ("dashboard", "tracker")  # theirs is another branch's work
# The list page's parts in a profile: the view, the rows (Django's or ours), the filters, the count.
PARTS = (
    r"\((changelist_view|get_results|items_for_result|result_list|rows|result_headers|admin_list_filter"
    r"|search_form|pagination|choices|count|record_search|_fetch_all|render)\)"
)


def explain(sql: str) -> dict:
    """The statement's plan as run: its execution time, and the plan's text."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    total = next((line for line in plan if line.startswith("Execution Time")), "")
    return {"execution": total, "plan": plan}


def measure(name: str, path: str, client, repeats: int, with_plans: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page_ms, sql_ms, cpu_ms = [], [], []
    for run in range(repeats + 1):
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        if response.status_code != 200:
            raise RuntimeError(f"{name} ({path}) answered {response.status_code}")
        if run:  # the first is the warm-up
            page_ms.append(seconds * 1000)
            cpu_ms.append(cpu_seconds * 1000)
            sql_ms.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    statements = [
        {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"]} for q in queries.captured_queries
    ]
    if with_plans:
        for statement in statements:
            if statement["sql"].startswith("SELECT"):
                statement.update(explain(statement["sql"]))
    return {
        "ms": round(statistics.median(page_ms), 1),
        "max_ms": round(max(page_ms), 1),
        "sql_ms": round(statistics.median(sql_ms), 1),
        # This process's CPU time alone: steadier than the wall clock on a machine others are loading.
        "cpu_ms": round(statistics.median(cpu_ms), 1),
        "queries": len(statements),
        "statements": statements,
    }


def profile(path: str, client, runs: int) -> str:
    """The page's costliest functions over ``runs`` requests, by cumulative time (cProfile's own
    overhead included: read the shares, not the milliseconds)."""
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(f"The list page, {runs} requests: its parts, by cumulative time", file=out)
    stats.sort_stats("cumulative").print_stats(PARTS)
    print("Its costliest functions by own time", file=out)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS) every SELECT")
    parser.add_argument("--only", help="pages whose name contains this")
    parser.add_argument("--label", default="", help="added to the results file's name")
    parser.add_argument("--profile", action="store_true", help="cProfile the list page too")
    parser.add_argument("--profile-runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from bench.stack.admin_pages import pages, staff_client
    from evidence.models import Submission

    rows = Submission.objects.count()
    client, _ = staff_client()
    results = {}
    for name, path in pages().items():
        if name in SKIPPED or (args.only and args.only not in name):
            continue
        results[name] = measure(name, path, client, args.repeats, args.explain)
        print(
            f"{name:<26}{results[name]['ms']:>9.1f} ms{results[name]['cpu_ms']:>9.1f} ms CPU"
            f"{results[name]['sql_ms']:>9.1f} ms SQL"
            f"{results[name]['queries']:>4} queries",
            flush=True,
        )
        for statement in sorted(results[name]["statements"], key=lambda s: -s["ms"])[:3]:
            executed = statement.get("execution", "")
            print(f"    {statement['ms']:>7.1f} ms  {executed}  {statement['sql'][:150]}")
    RESULTS.mkdir(exist_ok=True)
    suffix = f"{rows}{'_' + args.label if args.label else ''}"
    if args.profile:
        text = profile(pages()["list"], client, args.profile_runs)
        print(text)
        (RESULTS / f"admin_list_profile_{suffix}.txt").write_text(text)
    out = RESULTS / f"admin_filters_{rows}{'_' + args.label if args.label else ''}.json"
    out.write_text(json.dumps({"rows": rows, "pages": results}, indent=1))
    print(f"{rows:,} submissions; written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
