"""The submission list's search and filters side by side, as they were and as they are, in one run.

Not part of the test run. Uses bench/triage_pages.py's database (seed it with that first). "before" is
the search as a UNION over seven tables (reading the per-column trigram indexes of migration 0006, put
back for the length of the run) and the capped count of the list's own ordered query; "after" is the
one search document and the count of the filtered ids alone. Reported: the page's median time and its
SQL's (on a loaded machine the page's rendering varies far more than its queries). Each page is
timed each way in turn, so both see the same load.

    .venv/bin/python bench/admin_side_by_side.py --database wt_speed_bench
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 5
PAGES = {
    "search rare word": {"q": "jamal.hughes42"},
    "search common word": {"q": "psychologist"},
    "search two words": {"q": "school pupils"},
    "filter theme": {"theme": "sv-dbv"},
    "filter role": {"role__exact": "senco"},
    "filter setting": {"setting__exact": "maintained"},
    "filter priority": {"priority__exact": "3"},
    "filter reported programme": {"reported_programme": "dbv"},
    "filter known programme": {"known_programme": "either"},
}


def union_search(queryset, term):
    """The search before migration 0013: per word, a UNION of icontains over seven tables."""
    from django.db.models import Q

    for word in term.split()[:5]:
        own = queryset.model._default_manager.filter(
            Q(reference__icontains=word)
            | Q(experience__icontains=word)
            | Q(name__icontains=word)
            | Q(email__icontains=word)
        ).values("pk")
        answers = [m._default_manager.filter(details__icontains=word) for m in queryset.model.answer_models()]
        matching = own.order_by().union(*(rows.values("submission_id").order_by() for rows in answers))
        queryset = queryset.filter(pk__in=matching)
    return queryset


def ordered_count(self):
    """The capped count before: the list's own query (ordered, joined, annotated), sliced."""
    from evidence.admin import paging

    count = self.object_list[: paging.CAP + 1].count()
    if count > paging.CAP:
        self.count_prefix = "more than"
        return paging.CAP
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="nasuwt_bench")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from triage_pages import bench_user, prepare_database

    prepare_database(os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"), args.database)
    import importlib

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django.utils.functional import cached_property

    from evidence.admin import paging
    from evidence.models import SubmissionQuerySet
    from tests.staff import sign_in

    setup_test_environment()
    migration = importlib.import_module("evidence.migrations.0013_search_document")
    with connection.schema_editor() as editor:
        migration.restore_column_indexes(None, editor)  # the columns' indexes back, the document's gone
        document_index = "ON evidence_searchdocument USING gin (text gin_trgm_ops)"
        editor.execute(f"CREATE INDEX IF NOT EXISTS {migration.INDEX} {document_index}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = sign_in(Client(), bench_user())
    listing = reverse("admin:evidence_submission_changelist")
    search, count = SubmissionQuerySet.search, paging.CappedCountPaginator.count
    ways = {"before": (union_search, ordered_count), "after": (search, count.func)}
    # The whole page, and its SQL alone: on a loaded machine the page's rendering varies far more.
    timings: dict[tuple[str, str], list[float]] = {}
    sql_timings: dict[tuple[str, str], list[float]] = {}
    try:
        for _ in range(RUNS):
            for page, params in PAGES.items():
                for way, (searching, counting) in ways.items():
                    SubmissionQuerySet.search = searching
                    paging.CappedCountPaginator.count = cached_property(counting)
                    paging.CappedCountPaginator.count.__set_name__(paging.CappedCountPaginator, "count")
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(listing, params)
                        seconds = time.perf_counter() - started
                    assert response.status_code == 200
                    timings.setdefault((page, way), []).append(seconds)
                    sql = sum(float(query["time"]) for query in queries.captured_queries)
                    sql_timings.setdefault((page, way), []).append(sql)
    finally:
        SubmissionQuerySet.search, paging.CappedCountPaginator.count = search, count
        with connection.schema_editor() as editor:
            for table, column in migration.OLD_INDEXES:
                editor.execute(f'DROP INDEX IF EXISTS "{migration._old_name(table, column)}"')
    print(f"\n{'page':<28}{'way':<8}{'page median ms':>15}{'SQL median ms':>15}")
    for (page, way), times in timings.items():
        sql = statistics.median(sql_timings[page, way]) * 1000
        print(f"{page:<28}{way:<8}{statistics.median(times) * 1000:>15.1f}{sql:>15.1f}")


if __name__ == "__main__":
    main()
