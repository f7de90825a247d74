"""``make bench`` cannot rot: its quick mode runs the whole harness end to end in CI.

BENCH_QUICK=1 starts the same stack (gunicorn as the Procfile, a worker, Redis, SMTP, production
settings) on a scratch database beside DATABASE_URL's, with 100 and 200 rows and a second or two per
figure; with BENCH_MILLION=1 it also walks the million's path, with 300 rows. The figures mean nothing,
but every row of issue 16's table must be there with one.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from bench.stack.report import END, START, Row, write
from tests.conftest import need
from tests.integration.harness import PROJECT_DIR

SIZES = ("small", "large", "million")
ADMIN = (
    "admin.list",
    "admin.filters",
    "admin.search",
    "admin.dashboard",
    "admin.tracker",
    "export.rate",
    "export.memory",
)
EVERY_ROW = {
    "healthz", "question", "home", "evidence", "search",
    "healthz.python", "journey.rate", "journey.p95", "journey.send_p95", "step.about_you", "step.others",
    *(f"{row}.{size}" for row in ADMIN for size in SIZES),
    "seed.large", "seed.million",
}  # fmt: skip
COMPARED_WITH_HEALTHZ = {"question", "home", "evidence", "search", "journey.rate"}


@pytest.mark.integration
@pytest.mark.postgres
def test_the_quick_bench_measures_every_row_of_the_table_and_cleans_up(postgres, tmp_path):
    need(shutil.which("redis-server") is not None, "redis-server", "install the redis-server package")
    results = tmp_path / "results.json"
    server = os.environ["DATABASE_URL"]
    env = {**os.environ, "BENCH_QUICK": "1", "BENCH_MILLION": "1", "BENCH_README": "0"}
    env["BENCH_RESULTS"] = str(results)
    env["BENCH_POSTGRES"] = server

    run = subprocess.run(
        [sys.executable, "-m", "bench.stack"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )

    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    facts = json.loads(results.read_text())
    assert facts["errors"] == []
    assert facts["mode"] == "quick" and facts["commit"] and facts["date"] and facts["machine"]["cores"]
    rows = {row["id"]: row for row in facts["rows"]}
    assert set(rows) == EVERY_ROW
    assert facts["sizes"] == [100, 200, 300]
    assert [key for key, row in rows.items() if row["figure"] is None] == []
    assert all(rows[key]["ratio"] > 0 for key in COMPARED_WITH_HEALTHZ)
    assert rows["journey.rate"]["client"] == rows["healthz.python"]["client"] == "python"
    assert rows["question"]["client"] == rows["healthz"]["client"]
    assert all(run["failures"] == [] and run["not_ok"] == 0 for run in facts["details"]["journeys"])
    assert facts["details"]["acknowledgements"]["received_by_smtp"] > 0
    spent = facts["details"]["cpu"]["journey"]
    assert spent["cores"]["gunicorn"] > 0 and spent["gunicorn_ms_per_request"] > 0
    assert "ms CPU a request" in rows["journey.rate"]["note"]
    profiled = [lines[0] for lines in facts["details"]["profiles"].values()]
    assert profiled and all(line.endswith("(answered 200)") for line in profiled), profiled
    with psycopg.connect(server.replace("postgres://", "postgresql://", 1)) as connection:
        scratch = f"{urlsplit(server).path.lstrip('/')}_stack_bench"
        left = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch]).fetchall()
    assert left == [], f"{scratch} was not dropped"


def test_the_readme_table_is_rewritten_between_its_markers_and_nowhere_else(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Benchmarks\n\nBefore.\n\n{START}\nan old table\n{END}\n\nAfter.\n")
    facts = {
        "date": "2026-12-03T04:00:00+00:00",
        "commit": "abc",
        "mode": "default",
        "machine": {"cores": 2, "cpu": "a CPU"},
        "load_before": [1.0],
        "load_after": [2.0],
        "pinning": "load client on core [0]",
        "gunicorn_workers": 3,
        "page_client": "wrk",
    }
    row = Row("home", "home page", 2000.0, "req/s", ">= 0.9x", met=False, ratio=0.8, client="wrk")

    write([row], facts, results=tmp_path / "results.json", readme=readme)

    text = readme.read_text()
    assert "an old table" not in text
    assert text.startswith("# Benchmarks\n\nBefore.\n\n") and text.endswith("\n\nAfter.\n")
    assert "| home page | 2,000 req/s (wrk) | 0.80x | >= 0.9x | **no** |" in text
    assert json.loads((tmp_path / "results.json").read_text())["rows"][0]["ratio"] == 0.8


def test_the_bench_starts_gunicorn_with_as_many_workers_as_the_procfile():
    from bench.stack.services import procfile_workers

    web = next(
        line for line in Path(PROJECT_DIR / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    assert f"--workers {procfile_workers()}" in web or f"-w {procfile_workers()}" in web


def test_a_filter_under_150_ms_still_misses_its_target_when_over_three_times_slower_than_at_1000_rows():
    from bench.stack.rows import admin_rows

    small = {"filter theme": {"ms": 20.0, "queries": 11}, "filter role": {"ms": 30.0, "queries": 11}}
    large = {"filter theme": {"ms": 100.0, "queries": 11}, "filter role": {"ms": 60.0, "queries": 11}}

    filters = {row.id: row for row in admin_rows("large", 100_000, large, small, None, None)}[
        "admin.filters.large"
    ]

    assert filters.figure == 100.0
    assert filters.met is False
    assert "at most 5.0x the smallest size" in filters.note


def test_the_export_rate_is_judged_above_the_smallest_size_only():
    from bench.stack.rows import admin_rows

    def export(rows: int, seconds: float) -> dict:
        return {
            "rows_per_second": rows / seconds,
            "rows": rows,
            "megabytes": 1.0,
            "seconds": seconds,
            "rss_growth_mb": 2.0,
            "rss_peak_mb": 200.0,
        }

    small, large = export(1_000, 0.1), export(100_000, 4.0)
    rates = {
        row.id: row
        for key, count, this in (("small", 1_000, small), ("large", 100_000, large))
        for row in admin_rows(key, count, {}, {}, this, small)
    }

    assert rates["export.rate.small"].met is None and "start-up" in rates["export.rate.small"].target
    assert rates["export.rate.large"].met is False  # 25,000 rows/s


def test_a_public_page_is_judged_by_its_ratio_to_healthz_from_the_same_run():
    from bench.stack.rows import public_rows

    def rate(req_per_s: float) -> dict:
        return {"req_per_s": req_per_s, "mean_ms": 5.0, "not_ok": 0, "client": "wrk"}

    found = {
        row.id: row
        for row in public_rows(
            {
                "healthz": rate(1000),
                "question": rate(950),
                "home": rate(850),
                "evidence": None,
                "search": rate(500),
            }
        )
    }

    assert (found["question"].ratio, found["question"].met) == (0.95, True)
    assert (found["home"].ratio, found["home"].met) == (0.85, False)
    assert (found["search"].ratio, found["search"].met) == (0.5, True)
    assert found["evidence"].figure is None and found["evidence"].met is None
