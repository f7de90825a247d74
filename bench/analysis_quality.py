"""Theme suggestions: quality on the frozen test split, the worker's time per submission, and the
member's "Send evidence" request with and without the suggestions' receiver (``make bench-analysis``).

- **Quality** needs nothing but the shipped labelled set: the starter model (training split), thresholds
  picked on the dev split, precision and recall per theme on the test split, and precision averaged
  over the themes (target: at least 0.8, each theme at recall of at least 0.6).
- **Worker time** (with DATABASE_URL=postgres://...): a scratch database beside DATABASE_URL's, the
  test split's texts as submissions, ``suggest_themes`` timed for each (what the task runs).
- **Send time** (also with REDIS_URL): ``--sends`` members' last step, "Send evidence", through the
  Django test client, alternating with and without the receiver connected; the receiver's cost is the
  ``on_commit`` hook and one publish to Redis (no worker runs: the queued tasks are left in Redis).

Prints a table and writes bench/results/analysis_quality.json.

    .venv/bin/python bench/analysis_quality.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/analysis_quality.py --sends 60
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
THEMES = ["workload", "banding", "notional-budgets", "training", "sv-dbv", "general"]


def quality() -> dict:
    from evidence.analysis import labelled

    model = labelled.fitted(live=[], themes=THEMES)
    figures = labelled.quality(model, labelled.load("test"))
    print(f"{'theme':<18}{'precision':>10}{'recall':>8}{'support':>9}{'threshold':>11}")
    for f in figures:
        threshold = model["themes"][f.theme]["threshold"]
        print(f"{f.theme:<18}{f.precision:>10.3f}{f.recall:>8.3f}{f.support:>9}{threshold:>11.3f}")
    average = labelled.average_precision(figures)
    print(f"{'average':<18}{average:>10.3f}   (target >= 0.800 at recall >= 0.6 per theme)")
    return {
        "average_precision": average,
        "themes": {
            f.theme: {"precision": f.precision, "recall": f.recall, "support": f.support} for f in figures
        },
    }


def setup_django() -> str | None:
    from bench.scratch import fresh_database

    scratch = fresh_database("analysis_bench")
    if scratch is None:
        return None
    os.environ.update(DATABASE_URL=scratch[1], DJANGO_SETTINGS_MODULE="nasuwt_send.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host name in, and keeps mail in memory
    call_command("migrate", verbosity=0)
    return scratch[0]


def worker_time() -> dict:
    from evidence.analysis import labelled
    from evidence.analysis.suggestions import suggest_themes
    from evidence.models import LocalAuthority, Submission, Theme

    authority = LocalAuthority.objects.order_by("name").first()
    workload = Theme.objects.get(slug="workload")
    seconds = []
    for example in labelled.load("test"):
        submission = Submission.objects.create(
            role="senco",
            phase="primary",
            setting="maintained",
            local_authority=authority,
            experience=example.text,
        )
        submission.themes.set([workload])
        started = time.perf_counter()
        suggest_themes(submission_id=submission.pk)
        seconds.append(time.perf_counter() - started)
    ms = sorted(s * 1000 for s in seconds)
    print(
        f"worker time per submission: median {statistics.median(ms):.1f} ms, "
        f"p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms, max {ms[-1]:.1f} ms ({len(ms)} submissions)"
    )
    return {"median_ms": statistics.median(ms), "p95_ms": ms[int(len(ms) * 0.95) - 1], "max_ms": ms[-1]}


def send_times(sends: int) -> dict:
    from django.conf import settings
    from django.test import Client

    from evidence.models import submission_sent
    from evidence.tasks import suggest_themes
    from tests.journeys import answer_evidence_steps, evidence_answers

    receiver = None
    for key, connected, *_ in submission_sent.receivers:
        if key[0] == "evidence.suggest_themes":
            receiver = connected
    if receiver is None:
        raise SystemExit("The suggestions' receiver is not connected.")
    del suggest_themes  # imported so the receiver's task is registered in this process
    settings.RATELIMIT_ENABLE = False  # one address sending many times is the point here

    def one_send() -> float:
        client = Client()
        answer_evidence_steps(client, evidence_answers(themes=("workload",)))
        started = time.perf_counter()
        response = client.post("/evidence/send/check-your-answers/")
        took = time.perf_counter() - started
        assert response.status_code == 302
        return took

    timed: dict[str, list[float]] = {"without": [], "with": []}
    one_send()  # warm-up
    for number in range(sends * 2):
        connected = number % 2 == 0
        if not connected:
            submission_sent.disconnect(dispatch_uid="evidence.suggest_themes")
        try:
            timed["with" if connected else "without"].append(one_send() * 1000)
        finally:
            if not connected:
                submission_sent.connect(receiver, weak=False, dispatch_uid="evidence.suggest_themes")
    figures = {}
    for name, ms in timed.items():
        figures[name] = {"median_ms": statistics.median(ms), "mean_ms": statistics.fmean(ms)}
        print(
            f"Send evidence {name:<7} the receiver: median {statistics.median(ms):.1f} ms, "
            f"mean {statistics.fmean(ms):.1f} ms ({len(ms)} sends)"
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=40, help="sends timed with, and without (default 40)")
    args = parser.parse_args()
    results = {"quality": quality()}
    redis_url = os.environ.get("REDIS_URL", "")
    scratch = setup_django()
    if scratch is None:
        print("Set DATABASE_URL=postgres://... for the worker's time, and REDIS_URL too for the Send time.")
    else:
        from bench.scratch import drop_database

        try:
            results["worker"] = worker_time()
            if redis_url:
                results["send"] = send_times(args.sends)
        finally:
            from django.db import connections

            connections.close_all()
            drop_database(scratch)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analysis_quality.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
