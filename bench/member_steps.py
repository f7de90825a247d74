"""The member's question pages side by side: each step's GET time, and session writes per request.

Not part of the test run. On bench/triage_pages.py's database (any migrated PostgreSQL database will
do), through Django's test client, in one process: "before" renders the local authority selects with
Django's own ``Select``, "after" with ``long_select.Select``; each page is timed each way in turn.

    .venv/bin/python bench/member_steps.py --database wt_speed_bench
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
RUNS = 30


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="nasuwt_bench")
    args = parser.parse_args()
    from triage_pages import prepare_database

    prepare_database(os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"), args.database)
    from django import forms
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from evidence.submissions.forms import AboutYouForm, rendered_once
    from evidence.submissions.forms.sv_dbv import SvDbvForm
    from tests.journeys import evidence_answers

    setup_test_environment()
    fields = [AboutYouForm.base_fields["local_authority"], SvDbvForm.base_fields["authority"]]
    prerendered = fields[0].widget
    client, fresh = Client(), Client()
    client.get("/evidence/send/")
    fresh.get("/evidence/send/")  # a member who has answered nothing yet: the blank "About you"
    steps = list(evidence_answers())
    session_writes: dict[str, int] = {}
    for step, data in evidence_answers().items():
        if step == "contact-details":
            client.post("/evidence/send/attachments/", {"action": "continue"})
        with CaptureQueriesContext(connection) as queries:
            client.post(f"/evidence/send/{step}/", data)
        session_writes[step] = sum(
            "django_session" in q["sql"] and q["sql"].startswith("UPDATE") for q in queries
        )
    timings: dict[tuple[str, str], list[float]] = {}
    for _ in range(RUNS):
        for way, widget in (("before", forms.Select()), ("after", prerendered)):
            for field in fields:
                field.widget = widget
            AboutYouForm.render_blank_once = way == "after"
            started = time.perf_counter()
            assert fresh.get("/evidence/send/about-you/").status_code == 200
            timings.setdefault(("about-you (blank)", way), []).append(time.perf_counter() - started)
        for step in steps:
            for way, widget in (("before", forms.Select()), ("after", prerendered)):
                for field in fields:
                    field.widget = widget
                AboutYouForm.render_blank_once = way == "after"
                started = time.perf_counter()
                response = client.get(f"/evidence/send/{step}/")
                timings.setdefault((step, way), []).append(time.perf_counter() - started)
                assert response.status_code == 200, (step, response.status_code)
    for field in fields:
        field.widget = prerendered
    AboutYouForm.render_blank_once = True
    rendered_once._kept.clear()
    print(f"\n{'step':<20}{'way':<8}{'median ms':>10}{'session writes a POST':>24}")
    for (step, way), times in timings.items():
        writes = session_writes.get(step, session_writes["about-you"])
        print(f"{step:<20}{way:<8}{statistics.median(times) * 1000:>10.1f}{writes:>24}")


if __name__ == "__main__":
    main()
