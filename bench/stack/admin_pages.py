"""The Education Team's side at a given number of submissions: seeding, admin pages, the export.

Seeding uses ``evidence.demo.seed.create_demo_submissions`` (what ``seed_demo_evidence`` runs), then
``VACUUM ANALYZE``. Each admin page is timed through the running gunicorn, signed in as a member of
the Education Team (tests/staff.py: a session with a verified second factor), one request at a time:
the median of ``repeats`` after one warm-up; its queries (and the slowest three, to show where the
time goes) are counted once in this process through Django's test client. The export runs in a
process of its own (bench/stack/export_probe.py) on the stack's cores, so its peak memory is its own
and not this process's history.
"""

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from bench.stack.services import PROJECT_DIR, on_cores
from tests.integration.member import Member

SEARCH_WORD = "psychologist"  # in about a quarter of the demo submissions: the costly search


def seed(count: int, *, progress: Callable[[str], None], clear: bool = False) -> float:
    """Add ``count`` demo submissions (after removing every demo one, with ``clear``); the seconds
    the seeding took (clearing and VACUUM not included)."""
    from django.db import connection

    from evidence.demo import seed as demo

    if clear:
        demo.clear_demo()
    started = time.perf_counter()
    last = [0.0]

    def report(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 10:
            last[0] = time.monotonic()
            progress(f"  seeding {done:,}/{total:,}")

    demo.create_demo_submissions(count, seed=count, progress=report)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return seconds


def django_client():
    """Django's test client, as the stack's own hosts see it.

    Without ``setup_test_environment``: that would add its signal to every template rendered, and
    the profiles would show the dispatch (a third of a 155-option page's time) instead of the page.
    """
    from django.test import Client

    return Client(HTTP_HOST="localhost")


def staff_client():
    """A Django test client signed in as an Education Team member, and that person."""
    from bench.triage_pages import bench_user
    from tests.staff import sign_in

    user = bench_user()
    return sign_in(django_client(), user), user


def pages() -> dict[str, str]:
    """The admin pages of the issue's table: name -> path with its query string."""
    from django.urls import reverse

    listing = reverse("admin:evidence_submission_changelist")
    return {
        "list": listing,
        "filter theme": f"{listing}?theme=sv-dbv",
        "filter role": f"{listing}?role__exact=senco",
        "filter setting": f"{listing}?setting__exact=special",
        "filter priority": f"{listing}?priority__exact=3",
        "filter programme": f"{listing}?reported_programme=dbv",
        "filter known programme": f"{listing}?known_programme=either",
        "search": f"{listing}?q={SEARCH_WORD}",
        "dashboard": reverse("admin:evidence_submission_dashboard"),
        "tracker": reverse("admin:evidence_localauthority_tracker"),
    }


def measure_pages(base: str, *, repeats: int) -> dict[str, dict]:
    """{page name: {"ms": median, "max_ms", "queries"}} through gunicorn, one request at a time."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, _ = staff_client()
    member = Member(base, timeout=120)
    member.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    results = {}
    for name, path in pages().items():
        member.exchanges.clear()
        for _ in range(repeats + 1):
            response = member.get(path)
            # A redirect to the sign-in page or an error page would be timed as a fast page.
            if response.status != 200:
                raise RuntimeError(f"admin {name} ({path}) answered {response.status}")
        timings = [e.seconds * 1000 for e in member.exchanges[1:]]
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        results[name] = {
            "ms": statistics.median(timings),
            "max_ms": max(timings),
            "queries": len(queries),
            "slowest_queries": slowest(queries.captured_queries),
        }
    return results


def slowest(captured: list[dict], count: int = 3) -> list[str]:
    """Where a page's time goes in the database: its slowest statements, ms first, SQL shortened."""
    ranked = sorted(captured, key=lambda query: -float(query["time"]))[:count]
    return [f"{float(query['time']) * 1000:.0f} ms: {query['sql'][:300]}" for query in ranked]


def measure_export(env: dict[str, str], cores: set[int] | None) -> dict:
    """The full export, streamed in a fresh process: rows, seconds, rows/s, its memory."""
    with on_cores(cores):
        out = subprocess.run(
            [sys.executable, "-m", "bench.stack.export_probe"],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
    if out.returncode != 0:
        raise RuntimeError(f"The export probe failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
