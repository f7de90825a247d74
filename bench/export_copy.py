"""The evidence export at N submissions on PostgreSQL: COPY against the Python path, and the worker's file.

Not part of the test run. Seeds the database of DATABASE_URL (demo rows, ``evidence.demo.seed``) to N
rows if it holds another number, then runs each path in a fresh process of its own, so each peak
memory is its own: the whole admin list (newest first, as the Export button sends it) read to the end.

- ``copy``: ``export_copy.copy_chunks``, what the request streams on PostgreSQL;
- ``python``: ``export.csv_lines``, the path everywhere else (and on PostgreSQL before issue 16);
- ``file``: ``export_files.make_export_file``, the worker's job for a long list: COPY into a temporary
  file, then into the evidence storage (a scratch folder here).

Each path also reports its PostgreSQL backend's CPU seconds (when the server is on this machine): on a
shared machine the statement's own cost, where the wall clock also counts the neighbours.

Prints a table and writes bench/results/export_copy.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_export .venv/bin/python bench/export_copy.py
    ... bench/export_copy.py --count 20000 --paths copy,python
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _backend_cpu_seconds() -> float | None:
    """CPU time of this process's PostgreSQL backend so far, when the server runs on this machine: on a
    shared machine the wall clock says more about the neighbours than about the statement."""
    from django.db import connection

    connection.ensure_connection()
    stat = Path(f"/proc/{connection.connection.info.backend_pid}/stat")
    if not stat.exists():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # local development's settings
    import django

    django.setup()


def bench_user():
    from django.contrib.auth.models import Group, User

    from evidence.triage.access import EDUCATION_TEAM, make_staff_groups

    make_staff_groups()
    user, _ = User.objects.get_or_create(username="bench-alice", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=EDUCATION_TEAM))
    return user


def seed(count: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from evidence.demo import seed as demo
    from evidence.models import Submission

    call_command("migrate", verbosity=0)
    present = Submission.objects.count()
    if present == count:
        return {"seeded": False, "rows": present}
    demo.clear_demo()
    started = time.perf_counter()
    made = demo.create_demo_submissions(count - Submission.objects.count(), seed=1)
    seconds = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"seeded": True, "rows": made, "seed_seconds": seconds}


def measure(path: str) -> dict:
    """One path, in this process: rows, bytes, seconds, and this process's memory."""
    from evidence.admin.pack_list import list_submissions
    from evidence.models import EvidenceExport
    from evidence.triage import export, export_copy, export_files

    user = bench_user()
    queryset = list_submissions("", user)
    rss_before = _status_kb("VmRSS")
    backend_before = _backend_cpu_seconds()
    counted: list[int] = []
    size = 0
    started = time.perf_counter()
    if path == "copy":
        for chunk in export_copy.copy_chunks(queryset, on_done=counted.append):
            size += len(chunk)
    elif path == "python":
        for line in export.csv_lines(queryset, on_done=counted.append):
            size += len(line.encode())
    else:
        record = EvidenceExport.objects.create(exported_by=user, status=EvidenceExport.Status.QUEUED)
        made = export_files.make_export_file(export_id=record.pk, list_submissions=list_submissions)
        assert made is not None and made.status == EvidenceExport.Status.READY, made
        counted.append(made.row_count)
        size = made.size
        made.file.delete(save=False)
        record.delete()
    seconds = time.perf_counter() - started
    backend_after = _backend_cpu_seconds()
    return {
        "path": path,
        "rows": counted[0],
        "megabytes": round(size / 1e6, 1),
        "seconds": round(seconds, 2),
        "rows_per_second": round(counted[0] / seconds),
        "backend_cpu_seconds": None
        if backend_before is None or backend_after is None
        else round(backend_after - backend_before, 2),
        "rss_before_mb": round(rss_before / 1024, 1),
        "rss_peak_mb": round(_status_kb("VmHWM") / 1024, 1),
        "rss_growth_mb": round((_status_kb("VmHWM") - rss_before) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--paths", default="copy,python,file")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # a child process: one path
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database of your own: it is seeded.")
    if args.measure:
        setup()
        print(json.dumps(measure(args.measure)))
        return
    setup()
    seeding = seed(args.count)
    print(f"{seeding['rows']:,} submissions ({'seeded' if seeding['seeded'] else 'already there'})")
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "EVIDENCE_ATTACHMENT_ROOT": scratch}
        for path in args.paths.split(","):
            out = subprocess.run(
                [sys.executable, __file__, "--measure", path],
                env=env,
                capture_output=True,
                text=True,
                timeout=3600,
                check=False,
            )
            if out.returncode != 0:
                raise SystemExit(f"{path} failed:\n{out.stderr[-3000:]}")
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    heading = ("path", "rows", "MB", "seconds", "rows/s", "backend CPU s", "RSS peak MB", "growth MB")
    print("\n{:8} {:>9} {:>7} {:>8} {:>9} {:>13} {:>12} {:>10}".format(*heading))
    for r in results:
        print(
            f"{r['path']:8} {r['rows']:>9,} {r['megabytes']:>7} {r['seconds']:>8} {r['rows_per_second']:>9,} "
            f"{r['backend_cpu_seconds'] if r['backend_cpu_seconds'] is not None else '-':>13} "
            f"{r['rss_peak_mb']:>12} {r['rss_growth_mb']:>10}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "export_copy.json").write_text(json.dumps({"seeding": seeding, "paths": results}, indent=2))


if __name__ == "__main__":
    main()
