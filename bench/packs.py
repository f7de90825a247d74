"""Evidence packs at 1,000 and 100,000 submissions on PostgreSQL (``make bench-packs``).

Not part of the test run. Makes a scratch database beside DATABASE_URL's (``<name>_packs``, dropped and
made afresh, dropped again at the end), migrates it, seeds demo submissions with
``evidence.demo.seed.create_demo_submissions`` (what ``manage.py seed_demo_evidence`` uses) and approves
quotes on 200 of those whose member agreed, then times each pack (Safety Valve, the banding theme, one
authority, and the admin's whole list unfiltered) as PDF and as DOCX, with the worker's own function
(``make_pack_content``). It prints the PDF's page count (Word lays out a DOCX when it opens it, so its
page count is not known here), the file's size and the time. Results also go to bench/results/packs.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/packs.py
    ... bench/packs.py --counts 1000 20000
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
QUOTES = 200

from bench.scratch import drop_database, fresh_database  # noqa: E402


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed_to(count: int) -> float:
    """Add demo submissions until there are ``count``; approve quotes on up to QUOTES of them."""
    from django.db import connection
    from django.utils import timezone

    from evidence.demo.seed import create_demo_submissions
    from evidence.models import Quote, Submission

    started = time.perf_counter()
    have = Submission.objects.count()
    create_demo_submissions(count - have, seed=count)
    Quote.objects.all().delete()
    consenting = Submission.objects.counted().filter(consent_to_quote=True).order_by("?")[:QUOTES]
    now = timezone.now()
    Quote.objects.bulk_create(
        Quote(submission=s, passage=s.experience[:400], text=s.experience[:400], approved_at=now)
        for s in consenting
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def time_packs(count: int) -> list[dict]:
    from django.contrib.auth.models import User

    from evidence.admin.pack_list import list_submissions
    from evidence.models import EvidencePack, LocalAuthority
    from evidence.publishing.packs.lifecycle import make_pack_content

    # The whole admin list, unfiltered: every submission held, as a superuser sees them.
    someone = User.objects.filter(username="bench-packs").first() or User.objects.create_superuser(
        "bench-packs", "bench@example.org", None
    )

    busiest = LocalAuthority.objects.order_by("pk").first()
    packs = [
        (EvidencePack.Kind.PROGRAMME, "sv"),
        (EvidencePack.Kind.THEME, "banding"),
        (EvidencePack.Kind.AUTHORITY, busiest.gss_code if busiest else ""),
        (EvidencePack.Kind.LIST, ""),
    ]
    rows = []
    for kind, key in packs:
        for fmt in ("pdf", "docx"):
            started = time.perf_counter()
            made = make_pack_content(
                kind=kind, key=key, format=fmt, list_submissions=list_submissions, by=someone
            )
            seconds = time.perf_counter() - started
            rows.append(
                {
                    "submissions_held": count,
                    "pack": f"{kind} {key or '(whole list)'}",
                    "format": fmt,
                    "in_pack": made.submissions,
                    "pages": made.page_count,
                    "bytes": len(made.content),
                    "quotes": len(made.quote_ids),
                    "seconds": round(seconds, 2),
                }
            )
            row = rows[-1]
            pages = row["pages"] if row["pages"] is not None else "(Word)"
            print(
                f"{count:>8,} {row['pack']:<22} {fmt:<5} {row['in_pack']:>8,} {pages!s:>7} "
                f"{row['bytes']:>9,} {row['quotes']:>6} {row['seconds']:>8.2f}"
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 100_000])
    args = parser.parse_args()
    made = fresh_database("packs")
    if made is None:
        sys.exit("bench/packs.py needs DATABASE_URL to name a PostgreSQL server.")
    name, url = made
    try:
        setup(url)
        header = ("held", "pack", "fmt", "in pack", "pages", "bytes", "quotes", "seconds")
        print("{:>8} {:<22} {:<5} {:>8} {:>7} {:>9} {:>6} {:>8}".format(*header))
        results = []
        for count in sorted(args.counts):
            seeded = seed_to(count)
            print(f"-- {count:,} demo submissions seeded in {seeded:.1f} s", file=sys.stderr)
            results += time_packs(count)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "packs.json").write_text(json.dumps(results, indent=2) + "\n")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(name)


if __name__ == "__main__":
    main()
