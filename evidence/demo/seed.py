"""Realistic fake evidence in bulk, for demonstrations and for measuring the admin at scale.

Each chunk of submissions is drawn column by column (``evidence.demo.rows``), then written with the
submissions' theme links (the M2M through rows) and one answer row per chosen theme:

- on PostgreSQL with ``COPY ... FROM STDIN``, the submissions' ids taken from their sequence beforehand;
- elsewhere (SQLite) with ``bulk_create``.

The whole run is one transaction: stopped half way, it leaves nothing behind. Everything made here has
``is_demo=True``, so ``clear_demo`` removes it and nothing else. The weekly figures are filled for what
was seeded by one aggregate statement at the end (``count_in_all``), and ``clear_demo`` takes them back
out, so figures and live rows agree.

On PostgreSQL a large seed sets aside the tables' indexes and foreign keys and makes them again at the
end (see ``REBUILD_INDEXES_FROM``). 100,000 submissions then take about 18 s on the 2-core development
machine (21 s before), half of it building the one trigram index over the search documents, and a
million 179 s with others' work running (270 s before; 99 s of it that index): PostgreSQL 15 builds a
GIN index in one process, about 9 s per 100,000 documents whatever its memory, so a million cannot take
less than about 90 s however the rest is written (decision 0070).
"""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, models, transaction
from django.utils import timezone

from evidence.demo import pg_bulk
from evidence.demo.rows import ANSWER_FIELDS, SUBMISSION_FIELDS, DemoChunk, draw_references, generate_chunk
from evidence.models import (
    ANSWER_MODELS,
    Attachment,
    LocalAuthority,
    SearchDocument,
    Submission,
    SubmissionChange,
    Theme,
    TriageNote,
    count_in_all,
    count_out_all,
    refresh_search_documents,
)

BATCH = 2000  # rows per chunk with bulk_create
COPY_BATCH = 5000  # rows per chunk with COPY: one progress step each


def _fresh_references(rng: random.Random, n: int, taken: set[str], *, ask_database: bool = True) -> list[str]:
    """``n`` references used neither in the database nor in ``taken`` (which they join). Without
    ``ask_database``, ``taken`` already holds every reference in the database."""
    fresh: list[str] = []
    while len(fresh) < n:
        drawn = [ref for ref in dict.fromkeys(draw_references(rng, n - len(fresh))) if ref not in taken]
        taken.update(drawn)
        in_use = _references_in_use(drawn) if ask_database else set()
        fresh += [ref for ref in drawn if ref not in in_use]
    return fresh


def _references_in_use(references: list[str]) -> set[str]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT reference FROM {Submission._meta.db_table} WHERE reference = ANY(%s)",  # noqa: S608
                [references],
            )
            return {ref for (ref,) in cursor.fetchall()}
    in_use: set[str] = set()
    for start in range(0, len(references), BATCH):
        batch = references[start : start + BATCH]
        in_use.update(Submission.objects.filter(reference__in=batch).values_list("reference", flat=True))
    return in_use


def create_demo_submissions(
    count: int,
    *,
    seed: int | None = None,
    batch_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write ``count`` demo submissions, with their theme links and answers, in one transaction."""
    rng = random.Random(seed)
    authorities = list(LocalAuthority.objects.order_by("pk").values_list("pk", flat=True))
    themes = dict(Theme.objects.values_list("slug", "pk"))
    slugs = [slug for slug in ANSWER_MODELS if slug in themes]
    copying = connection.vendor == "postgresql"
    batch_size = batch_size or (COPY_BATCH if copying else BATCH)
    write = _copy_chunk if copying else _bulk_create_chunk
    now, made, taken, ids = timezone.now(), 0, set[str](), list[int]()
    with transaction.atomic():
        aside = _set_aside(count) if copying else None
        if copying and not aside:
            pg_bulk.defer_gin_updates()
        if aside:
            # The table is ours alone until the commit, and no bigger than the seed: read its references
            # once rather than look each chunk's up in the growing unique index (14 -> 1.4 s of a million).
            taken.update(Submission.objects.values_list("reference", flat=True))
        while made < count:
            references = _fresh_references(rng, min(batch_size, count - made), taken, ask_database=not aside)
            chunk_ids = write(generate_chunk(rng, now, references, authorities, slugs), themes)
            ids += [min(chunk_ids), max(chunk_ids)] if chunk_ids else []
            made += len(references)
            if progress and made < count:
                progress(made, count)
        if aside:
            # Statistics of the rows just loaded, for the plans of the two statements below: without them
            # the documents took 20 s and the figures 14 s of a million, with them 11 s and 4 s.
            pg_bulk.analyze(SEEDED_TABLES)
        if ids:
            # Bulk writes send no post_save: the search documents are written here, in one statement.
            refresh_search_documents(
                where="s.is_demo AND s.id BETWEEN %s AND %s", params=[min(ids), max(ids)]
            )
        if aside:
            pg_bulk.put_back(aside)
        if ids:
            count_in_all(Submission.objects.filter(is_demo=True, pk__gte=min(ids), pk__lte=max(ids)))
        if aside:
            pg_bulk.analyze([SearchDocument._meta.db_table])
    if copying and not aside:
        pg_bulk.merge_gin_updates()
    if progress and count:
        progress(made, count)  # only now: the index work after the last chunk takes a while
    return made


# PostgreSQL: COPY.


def _copy_chunk(chunk: DemoChunk, themes: dict[str, int]) -> list[int]:
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for COPY
        ids = pg_bulk.next_ids(cursor, Submission, len(chunk.submissions))
        pg_bulk.copy_rows(
            cursor,
            Submission,
            ("id", *SUBMISSION_FIELDS),
            [(ids[i], *row) for i, row in enumerate(chunk.submissions)],
        )
        for through, links in (
            (Submission.themes.through, chunk.theme_links),
            (Submission.staff_themes.through, chunk.staff_links),
        ):
            pg_bulk.copy_rows(
                cursor, through, ("submission_id", "theme_id"), [(ids[i], themes[slug]) for i, slug in links]
            )
        for slug, rows in chunk.answers.items():
            pg_bulk.copy_rows(
                cursor,
                ANSWER_MODELS[slug],
                ("submission_id", *ANSWER_FIELDS[slug]),
                [(ids[index], *rest) for index, *rest in rows],
            )
    return ids


# Elsewhere: bulk_create.


def _bulk_create_chunk(chunk: DemoChunk, themes: dict[str, int]) -> list[int]:
    submissions = [Submission(**dict(zip(SUBMISSION_FIELDS, row, strict=True))) for row in chunk.submissions]
    with _received_at_as_given():
        Submission.objects.bulk_create(submissions, batch_size=BATCH)
    if not connection.features.can_return_rows_from_bulk_insert:
        references = [s.reference for s in submissions]
        pks = dict(Submission.objects.filter(reference__in=references).values_list("reference", "pk"))
        for submission in submissions:
            submission.pk = pks[submission.reference]
    ids = [s.pk for s in submissions]
    links_by_table: tuple[tuple[type[models.Model], list[tuple[int, str]]], ...] = (
        (Submission.themes.through, chunk.theme_links),
        (Submission.staff_themes.through, chunk.staff_links),
    )
    for through, links in links_by_table:
        through._default_manager.bulk_create(
            [through(submission_id=ids[i], theme_id=themes[slug]) for i, slug in links], batch_size=BATCH
        )
    for slug, rows in chunk.answers.items():
        model, fields = ANSWER_MODELS[slug], ANSWER_FIELDS[slug]
        model._default_manager.bulk_create(
            [
                model(submission_id=ids[index], **dict(zip(fields, rest, strict=True)))
                for index, *rest in rows
            ],
            batch_size=BATCH,
        )
    return ids


@contextmanager
def _received_at_as_given() -> Iterator[None]:
    """``received_at`` is ``auto_now_add``; demo rows need dates spread over past weeks."""
    received = Submission._meta.get_field("received_at")
    received.auto_now_add = False
    try:
        yield
    finally:
        received.auto_now_add = True


# Every index of the seeded tables but the unique ones, and the foreign keys between them, cost more
# kept up to date row by row than made again once at the end (``pg_bulk.set_aside``): a large seed into
# tables no bigger than itself drops them inside its transaction and makes them again over the whole
# tables. (The transaction holds the tables' exclusive lock meanwhile; should it fail, the indexes and
# keys come back with the rollback.) A smaller seed keeps them, letting the trigram index queue new rows
# and merge them in bulk.
REBUILD_INDEXES_FROM = 20_000  # rows seeded
SEEDED_TABLES = [
    Submission._meta.db_table,
    Submission.themes.through._meta.db_table,
    Submission.staff_themes.through._meta.db_table,
    SearchDocument._meta.db_table,
    *(model._meta.db_table for model in ANSWER_MODELS.values()),
]


def _set_aside(count: int) -> pg_bulk.SetAside | None:
    if count < REBUILD_INDEXES_FROM or count < Submission.objects.count():
        return None
    return pg_bulk.set_aside(SEEDED_TABLES)


def clear_demo() -> int:
    """Delete every demo submission, its weekly figures and what hangs off it, table by table (no
    per-row Python)."""
    demo = Submission.objects.filter(is_demo=True)
    with transaction.atomic():
        count_out_all(demo)
        owned: tuple[type[models.Model], ...] = (
            *ANSWER_MODELS.values(),
            SearchDocument,
            Attachment,
            TriageNote,
            SubmissionChange,
        )
        for model in owned:
            model._default_manager.filter(submission__in=demo.values("pk")).delete()
        for through in (Submission.themes.through, Submission.staff_themes.through):
            through.objects.filter(submission__in=demo.values("pk")).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Submission._meta.db_table} WHERE is_demo")  # noqa: S608
            return cursor.rowcount
