"""The audit log's purge and subject access on PostgreSQL: rows per second, batch times, queries, memory.

Not part of the test run. Uses a dedicated database (``nasuwt_bench_rights`` by default, created if
missing, never ``DATABASE_URL``'s), then:

- inserts ``--events`` audit events, half of them older than ``ACCESS_LOG_RETENTION_DAYS``, and times
  ``purge_access_log`` (rows per second, the slowest batch's DELETE);
- counts the queries of the audit log's admin list for a superuser, and of a submission page with and
  without the audit event it now records;
- builds a subject-access ZIP for a member with ``--files`` files of ``--file-mb`` MB each and reports
  its time, queries and peak Python memory (the ZIP spools to disk past 8 MB): the worker's work;
- times the admin action "Give personal data" for 100 submissions, which now only records the request
  and queues it (needs ``REDIS_URL``; the queued messages are purged afterwards).

Prints a table and writes bench/results/member_rights.json.

    .venv/bin/python bench/member_rights.py                       # 200,000 events, 20 files of 2 MB
    .venv/bin/python bench/member_rights.py --events 1000000 --files 50 --file-mb 10
    BENCH_POSTGRES=postgres://user@host:5432 .venv/bin/python bench/member_rights.py
"""

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def prepare_database(base: str, name: str, attachments: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    os.environ["EVIDENCE_ATTACHMENT_ROOT"] = attachments
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host name in, and keeps mail in memory
    call_command("migrate", verbosity=0)


def bench_purge(events: int) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evidence.models import AuditEvent
    from evidence.privacy import audit

    AuditEvent.objects.all().delete()
    days = settings.ACCESS_LOG_RETENTION_DAYS
    with connection.cursor() as cursor:
        # Half before the cutoff, half after, spread over the period: as a log looks after years of use.
        cursor.execute(
            """
            INSERT INTO evidence_auditevent (at, actor, action, target, detail)
            SELECT now() - make_interval(secs => (n::float / %s) * %s * 2 * 86400),
                   'bench-alice', 'view-submission', 'SEND-BNCH-' || lpad(n::text, 7, '0'), ''
            FROM generate_series(1, %s) AS n
            """,
            [events, days, events],
        )
        cursor.execute("VACUUM ANALYZE evidence_auditevent")
    expired = AuditEvent.objects.filter(at__lt=audit.access_log_cutoff()).count()

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        deleted = audit.purge_access_log()
        seconds = time.perf_counter() - started
    batch_seconds = [float(q["time"]) for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    return {
        "events": events,
        "expired": expired,
        "deleted": deleted,
        "seconds": round(seconds, 2),
        "rows_per_second": round(deleted / seconds) if seconds else None,
        "batches": len(batch_seconds),
        "slowest_batch_delete_ms": round(max(batch_seconds, default=0) * 1000, 1),
        "kept": AuditEvent.objects.count(),
    }


def staff(username: str, *, superuser: bool = False):
    from django.contrib.auth.models import Group, User

    from evidence.triage.access import DATA_PROTECTION, EDUCATION_TEAM, make_staff_groups

    make_staff_groups()
    user, _ = User.objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": superuser}
    )
    user.groups.add(Group.objects.get(name=EDUCATION_TEAM), Group.objects.get(name=DATA_PROTECTION))
    return user


def count_queries(client, url: str, data: dict | None = None) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, data or {})
        seconds = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), round(seconds * 1000, 1)


def bench_pages() -> dict:
    from django.test import Client
    from django.urls import reverse

    from evidence.models import Submission
    from tests.staff import sign_in

    submission = Submission.objects.order_by("id").first() or _member_submission()
    client = sign_in(Client(), staff("bench-dave", superuser=True))
    log = reverse("admin:evidence_auditevent_changelist")
    page = reverse("admin:evidence_submission_change", args=[submission.pk])
    results = {}
    for name, url, data in [
        ("audit log list", log, {}),
        ("audit log filtered by actor", log, {"actor": "bench-alice"}),
        ("audit log search by reference", log, {"q": "SEND-BNCH-0000042"}),
        ("submission page (records a view)", page, {}),
    ]:
        count_queries(client, url, data)  # warm-up
        queries, ms = count_queries(client, url, data)
        results[name] = {"queries": queries, "ms": ms}
    return results


def _member_submission():
    from evidence.models import LocalAuthority, Submission, Theme

    submission = Submission.objects.create(
        role="senco",
        phase="primary",
        setting="maintained",
        local_authority=LocalAuthority.objects.order_by("name").first(),
        experience="Bench member's evidence.",
        name="Bench Member",
        email="bench.member@example.org",
    )
    submission.themes.set(Theme.objects.filter(slug="workload"))
    return submission


def bench_subject_access(files: int, file_mb: int) -> dict:
    import hashlib

    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evidence.models import Attachment
    from evidence.privacy.subject_access import personal_data_zip

    submission = _member_submission()
    content = os.urandom(file_mb * 1024 * 1024)  # random: the ZIP cannot shrink it
    for number in range(files):
        attachment = Attachment(
            submission=submission,
            original_name=f"evidence {number}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        attachment.file.save("upload", ContentFile(content), save=True)
    del content

    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        data = personal_data_zip(submissions=[submission], by="bench-grace", via="bench")
        seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    data.file.seek(0, os.SEEK_END)
    size = data.file.tell()
    data.file.close()
    return {
        "files": files,
        "file_mb": file_mb,
        "zip_mb": round(size / 1024 / 1024, 1),
        "seconds": round(seconds, 2),
        "queries": len(queries),
        "peak_python_mb": round(peak / 1024 / 1024, 1),
    }


def bench_subject_access_request(submission_count: int) -> dict:
    """The admin action's own request since issue 16: it records the request and queues the ZIP (to
    REDIS_URL's broker, not run: no worker listens here), where it used to build the whole ZIP."""
    from django.test import Client
    from django.urls import reverse

    from evidence.models import PersonalDataRequest, Submission
    from nasuwt_send.celery import app
    from tests.staff import sign_in

    if app.conf.task_always_eager:
        return {"skipped": "set REDIS_URL: with eager tasks the request builds the ZIP itself"}
    for _ in range(submission_count - Submission.objects.count()):
        _member_submission()
    ids = list(Submission.objects.order_by("id").values_list("pk", flat=True)[:submission_count])
    client = sign_in(Client(), staff("bench-grace"))
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.post(
            reverse("admin:evidence_submission_changelist"),
            {"action": "give_personal_data", "_selected_action": ids},
        )
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    queued = list(PersonalDataRequest.objects.filter(status="queued").values_list("pk", flat=True))
    PersonalDataRequest.objects.filter(pk__in=queued).delete()  # no worker will ever make them
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("heavy")
    return {
        "submissions": len(ids),
        "median_ms": round(sorted(timings)[2], 1),
        "max_ms": round(max(timings), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--file-mb", type=int, default=2)
    parser.add_argument("--database", default="nasuwt_bench_rights")
    args = parser.parse_args()
    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    with tempfile.TemporaryDirectory(prefix="bench-rights-") as attachments:
        prepare_database(base, args.database, attachments)
        results = {
            "purge": bench_purge(args.events),
            "pages": bench_pages(),
            "subject_access": bench_subject_access(args.files, args.file_mb),
            "subject_access_request": bench_subject_access_request(100),
        }
    purge = results["purge"]
    print(f"\nAudit log purge: {purge['deleted']:,} of {purge['events']:,} events in {purge['seconds']} s")
    slowest = purge["slowest_batch_delete_ms"]
    print(f"  {purge['rows_per_second']:,} rows/s, {purge['batches']} batches, slowest DELETE {slowest} ms")
    print(f"\n{'page':<36} {'queries':>7} {'ms':>8}")
    for name, row in results["pages"].items():
        print(f"{name:<36} {row['queries']:>7} {row['ms']:>8}")
    access = results["subject_access"]
    print(
        f"\nSubject access ZIP: {access['files']} files of {access['file_mb']} MB -> {access['zip_mb']} MB "
        f"in {access['seconds']} s, {access['queries']} queries, "
        f"peak Python memory {access['peak_python_mb']} MB"
    )
    asked = results["subject_access_request"]
    if "skipped" in asked:
        print(f"The action's request: skipped ({asked['skipped']})")
    else:
        print(
            f"The action's request ({asked['submissions']} submissions, queued for the worker): "
            f"median {asked['median_ms']} ms, at most {asked['max_ms']} ms (it used to build the ZIP)"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "member_rights.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
