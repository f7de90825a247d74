"""The Education Team's pages at 100,000 submissions on PostgreSQL: times, queries, export memory.

Not part of the test run. Seeds a dedicated database (``nasuwt_bench`` by default, created if missing)
with ``seed_demo_evidence``'s bulk function, then times the submission list, each filter, the search,
the dashboard, the tracker and the full export, prints a table, writes bench/results/triage_pages.json, and
prints EXPLAIN ANALYZE for the search so you can see the trigram indexes at work.

    .venv/bin/python bench/triage_pages.py                 # 100,000 rows, reusing them if present
    .venv/bin/python bench/triage_pages.py --count 20000 --reseed
    BENCH_POSTGRES=postgres://user@host:5432 .venv/bin/python bench/triage_pages.py
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
RUNS = 5


def prepare_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    # Local development's settings: unset would be production's, which refuse to start without theirs.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def seed(count: int, reseed: bool) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from evidence.demo import seed as demo
    from evidence.models import Submission

    call_command("migrate", verbosity=0)
    present = Submission.objects.filter(is_demo=True).count()
    result = {"seeded": False, "rows": present}
    if reseed or present != count:
        started = time.perf_counter()
        demo.clear_demo()
        result["clear_seconds"] = round(time.perf_counter() - started, 2)

        def progress(done, total):
            print(f"\r  seeding {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

        started = time.perf_counter()
        made = demo.create_demo_submissions(count, seed=1, progress=progress)
        print(file=sys.stderr)
        result.update(seeded=True, rows=made, seed_seconds=round(time.perf_counter() - started, 2))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return result


def bench_user():
    from django.contrib.auth.models import Group, User

    from evidence.triage.access import EDUCATION_TEAM, make_staff_groups

    make_staff_groups()
    user, _ = User.objects.get_or_create(username="bench-alice", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=EDUCATION_TEAM))
    return user


def pages() -> dict[str, tuple[str, dict]]:
    from django.urls import reverse

    from evidence.models import LocalAuthority, Submission

    listing = reverse("admin:evidence_submission_changelist")
    kent = str(LocalAuthority.objects.get(name="Kent").pk)
    reference = Submission.objects.order_by("id").values_list("reference", flat=True)[5000]
    tracker = reverse("admin:evidence_localauthority_tracker")
    return {
        "list": (listing, {}),
        "list page 50": (listing, {"p": "50"}),
        "filter status=new (untriaged)": (listing, {"status__exact": "new"}),
        "filter theme": (listing, {"theme": "sv-dbv"}),
        "filter role": (listing, {"role__exact": "senco"}),
        "filter phase": (listing, {"phase__exact": "secondary"}),
        "filter setting": (listing, {"setting__exact": "special"}),
        "filter local authority": (listing, {"local_authority__id__exact": kent}),
        "filter reported programme": (listing, {"reported_programme": "dbv"}),
        "filter known programme": (listing, {"known_programme": "either"}),
        "filter assigned to me": (listing, {"assignee": "me"}),
        "filter unassigned": (listing, {"assignee": "none"}),
        "filter priority": (listing, {"priority__exact": "3"}),
        "filter received past 7 days": (listing, {"received_at__gte": _days_ago(7)}),
        "search reference": (listing, {"q": reference}),
        "search rare word": (listing, {"q": "jamal.hughes42"}),
        "search common word": (listing, {"q": "psychologist"}),
        "dashboard": (reverse("admin:evidence_submission_dashboard"), {}),
        "tracker": (tracker, {}),
        "tracker no plan": (tracker, {"show": "no-plan"}),
    }


def _days_ago(days: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.now() - timedelta(days=days)).isoformat()


def time_pages(client) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for name, (url, params) in pages().items():
        warm = client.get(url, params)
        assert warm.status_code == 200, (name, warm.status_code)
        timings = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append(time.perf_counter() - started)
            # A timed redirect (to the sign-in, say) or error page would be a figure of nothing.
            assert response.status_code == 200, (name, response.status_code)
        rows.append(
            {
                "page": name,
                "median_ms": round(statistics.median(timings) * 1000, 1),
                "max_ms": round(max(timings) * 1000, 1),
                "queries": len(queries),
            }
        )
    return rows


def time_export(client) -> dict:
    from django.test import override_settings
    from django.urls import reverse

    url = reverse("admin:evidence_submission_export")

    # The stream itself, however long the list: past EVIDENCE_EXPORT_IN_REQUEST_ROWS the admin hands
    # the list to the worker, which writes these same bytes to a file (bench/export_copy.py times that).
    @override_settings(EVIDENCE_EXPORT_IN_REQUEST_ROWS=10**9)
    def consume() -> tuple[int, int]:
        response = client.get(url)
        assert response.status_code == 200, ("export", response.status_code)
        size = lines = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
        return size, lines

    started = time.perf_counter()
    size, lines = consume()
    seconds = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    consume()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": lines - 1,
        "megabytes": round(size / 1e6, 1),
        "seconds": round(seconds, 2),
        "rows_per_second": round((lines - 1) / seconds),
        "tracemalloc_peak_mb": round(peak / 1e6, 1),
        "max_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
    }


def explain_search() -> dict[str, str]:
    from evidence.models import Submission

    plans = {}
    for term in ("jamal.hughes42", "psychologist"):
        query = Submission.objects.search(term).order_by("-received_at", "-id")[:50]
        plans[term] = query.explain(analyze=True)
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--database", default="nasuwt_bench")
    parser.add_argument(
        "--reseed", action="store_true", help="Clear and seed again even if the count matches."
    )
    args = parser.parse_args()

    prepare_database(os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"), args.database)
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    seeding = seed(args.count, args.reseed)
    from tests.staff import sign_in

    # Signed in as every test signs staff in: a password session plus a verified second factor.
    client = sign_in(Client(), bench_user())
    page_rows = time_pages(client)
    export = time_export(client)
    plans = explain_search()

    print(f"\n{seeding['rows']:,} demo submissions", end="")
    if seeding["seeded"]:
        print(f" (seeded in {seeding['seed_seconds']}s)", end="")
    print("\n")
    print(f"{'page':<34}{'median ms':>11}{'max ms':>9}{'queries':>9}")
    for row in page_rows:
        print(f"{row['page']:<34}{row['median_ms']:>11}{row['max_ms']:>9}{row['queries']:>9}")
    print(
        f"\nexport: {export['rows']:,} rows, {export['megabytes']} MB in {export['seconds']}s "
        f"({export['rows_per_second']:,} rows/s); tracemalloc peak {export['tracemalloc_peak_mb']} MB, "
        f"max RSS growth {export['max_rss_growth_mb']} MB"
    )
    for term, plan in plans.items():
        print(f"\nEXPLAIN ANALYZE search {term!r}:\n{plan}")

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "triage_pages.json"
    out.write_text(
        json.dumps({"seeding": seeding, "pages": page_rows, "export": export, "explain": plans}, indent=2)
    )
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
