"""Near-duplicate groups (issue 13): quality on the labelled set, the worker's time per submission, and
the index lookup at 1,000,000 signatures, on a scratch PostgreSQL database beside DATABASE_URL's.

1. Quality: every labelled submission (train, dev and test; ``evidence/analysis/labelled``) is sent
   down the worker's real path (``find_group``, timed); recall over the campaign copies and the share
   of other submissions wrongly grouped are printed for the whole set and for the frozen test split.
2. Scale: ``ROWS`` (1,000,000) signature rows are written directly with bulk SQL (random band hashes,
   as distinct texts have; 512 bytes of shingles each; the foreign key to submissions dropped in the
   scratch database, since the lookup never reads the submission), the indexes built and analysed;
   then a new submission's lookup (``candidates``) is timed for each labelled text, and its whole
   ``find_group`` for the test split's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/analysis_groups.py
    ... bench/analysis_groups.py --rows 100000        # quicker
Results: bench/results/analysis_groups.json.
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

from bench.scratch import drop_database, fresh_database  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def spread(seconds: list[float]) -> str:
    return f"median {ms(statistics.median(seconds))} ms, p95 {ms(percentile(seconds, 0.95))} ms"


def bulk_signatures(rows: int) -> float:
    from django.db import connection

    from evidence.models import BAND_FIELDS, SubmissionSignature

    table = SubmissionSignature._meta.db_table
    bands = ", ".join(BAND_FIELDS)
    randoms = ", ".join("(random() * 9.2e18 - 4.6e18)::bigint" for _ in BAND_FIELDS)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", [table]
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE '%%pkey'",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Every name in these statements is the model's own, never input.
        columns = f"submission_id, word_count, shingles, computed_at, {bands}"
        values = f"100000000 + i, 200, decode(repeat(md5(i::text), 16), 'hex'), now(), {randoms}"
        insert = f"INSERT INTO {table} ({columns}) SELECT {values} FROM generate_series(1, %s) AS i"  # noqa: S608
        cursor.execute(insert, [rows])
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--labelled", default=os.environ.get("EVIDENCE_LABELLED_DIR", ""))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    made = fresh_database("groups")
    if made is None:
        sys.exit("Needs DATABASE_URL=postgres://... (a scratch database is made beside it).")
    name, url = made
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from evidence.analysis import group_quality, groups

    try:
        call_command("migrate", verbosity=0)
        directory = Path(args.labelled) if args.labelled else group_quality.LABELLED
        rows = group_quality.labelled_rows(directory=directory)
        grouped = group_quality.group_all(rows)
        every = group_quality.score(rows, grouped)
        test = group_quality.score(rows, grouped, ("test",))
        print(f"labelled set: {len(rows)} submissions, {every.copies} campaign copies, {every.others} others")
        for label, quality in (("whole set", every), ("frozen test split", test)):
            print(
                f"  {label}: group recall over the copies {quality.recall:.3f} "
                f"({quality.copies_found}/{quality.copies}), wrongly grouped {quality.false_grouping:.3f} "
                f"({quality.others_grouped}/{quality.others})"
            )
        worker = grouped.seconds_per_submission
        print(f"  worker time per submission: {spread(worker)}")

        print(f"writing {args.rows:,} signature rows with bulk SQL ...", flush=True)
        seeded = bulk_signatures(args.rows)
        print(f"  written and indexed in {seeded:.0f} s")
        lookups = []
        for row in rows:
            reading = groups.read(group_quality.own_words_of(row))
            if reading.bands is None:
                continue
            started = time.perf_counter()
            groups.candidates(0, reading.bands)
            lookups.append(time.perf_counter() - started)
        reading = groups.read(group_quality.own_words_of(rows[0]))
        explained = groups.band_lookup(0, reading.bands or []).explain()
        # The plan's node lines (the index conditions left out).
        plan = [
            line.strip() for line in explained.splitlines() if "Cond:" not in line and "Filter:" not in line
        ]
        worker_at_scale = group_quality.group_all(
            [r for r in rows if r["split"] == "test"]
        ).seconds_per_submission
        print(
            f"  lookup at {args.rows:,} rows: {spread(lookups)}, max {ms(max(lookups))} ms ({len(lookups)})"
        )
        print(f"  worker time per submission at that size: {spread(worker_at_scale)}")
        print("  plan: " + " / ".join(line.split("  (cost")[0] for line in plan[:3]))
        RESULTS.mkdir(exist_ok=True)
        result = {
            "labelled": len(rows),
            "test_recall": round(test.recall, 4),
            "test_false_grouping": round(test.false_grouping, 4),
            "recall": round(every.recall, 4),
            "copies": every.copies,
            "false_grouping": round(every.false_grouping, 4),
            "others": every.others,
            "worker_ms_median": ms(statistics.median(worker)),
            "worker_ms_p95": ms(percentile(worker, 0.95)),
            "rows": args.rows,
            "seed_seconds": round(seeded, 1),
            "lookup_ms_median": ms(statistics.median(lookups)),
            "lookup_ms_p95": ms(percentile(lookups, 0.95)),
            "lookup_ms_max": ms(max(lookups)),
            "worker_ms_median_at_rows": ms(statistics.median(worker_at_scale)),
            "worker_ms_p95_at_rows": ms(percentile(worker_at_scale, 0.95)),
            "plan": plan,
        }
        (RESULTS / "analysis_groups.json").write_text(json.dumps(result, indent=2) + "\n")
    finally:
        connection.close()
        if not args.keep:
            drop_database(name)


if __name__ == "__main__":
    main()
