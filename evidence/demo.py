"""Realistic fake evidence in bulk, for demonstrations and for measuring the admin at scale.

Each chunk of submissions is drawn column by column (one ``random.choices(..., k=n)`` per field, no model
instances), then written with the submissions' theme links (the M2M through rows) and one answer row
per chosen theme:

- on PostgreSQL with ``COPY ... FROM STDIN``, the submissions' ids taken from their sequence beforehand;
- elsewhere (SQLite) with ``bulk_create``.

The whole run is one transaction: stopped half way, it leaves nothing behind. Everything made here has
``is_demo=True``, so ``clear_demo`` removes it and nothing else.

100,000 submissions take about 13 s on PostgreSQL, mostly building the trigram indexes (see below).
"""

import random
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import accumulate, combinations

from django.db import connection, transaction
from django.utils import timezone

from evidence import choices as c
from evidence import pg_bulk
from evidence.demo_words import CONSEQUENCES, FIRST_NAMES, LAST_NAMES, OPENINGS, PRESSURES
from evidence.models import (
    ANSWER_MODELS,
    Attachment,
    LocalAuthority,
    Submission,
    SubmissionChange,
    Theme,
    TriageNote,
)
from evidence.models.submission import REFERENCE_ALPHABET

BATCH = 2000  # rows per chunk with bulk_create
COPY_BATCH = 5000  # rows per chunk with COPY: one progress step each
# Most evidence arrives untriaged; some has been worked on.
STATUS_WEIGHTS = {
    c.Status.NEW: 55,
    c.Status.IN_REVIEW: 15,
    c.Status.FOLLOW_UP: 10,
    c.Status.ACTIONED: 10,
    c.Status.CLOSED: 8,
    c.Status.SPAM: 2,
}
STATUSES, STATUS_WEIGHT_LIST = [str(s) for s in STATUS_WEIGHTS], list(STATUS_WEIGHTS.values())

# Enum ``.values`` is rebuilt on every access; read each once.
ROLES, PHASES, SETTINGS = c.Role.values, c.Phase.values, c.Setting.values
PRIORITIES, YES_NO = c.Priority.values, c.YesNoNotSure.values
PROGRAMMES, PLAN_STAGES, BANDING = c.Programme.values, c.PlanStage.values, c.BandingExperience.values
TRAINING_STAGES, PREPAREDNESS = c.TrainingStage.values, c.Preparedness.values
ROLE_LABELS, SETTING_LABELS = dict(c.Role.choices), dict(c.Setting.choices)

STATUS_CUM_WEIGHTS = list(accumulate(STATUS_WEIGHT_LIST))
PRIORITY_CUM_WEIGHTS = list(accumulate([2, 7, 1]))
# How many themes a member picks: one, two or three, in these proportions.
THEME_COUNT_WEIGHTS = {1: 6, 2: 3, 3: 1}
RECEIVED_SPAN_MINUTES = 16 * 7 * 24 * 60  # received over the past 16 weeks
# Every opening already filled in for each role and setting.
OPENING_TEXT = {
    (role, setting): [
        opening.format(role=ROLE_LABELS[role].lower(), setting=SETTING_LABELS[setting].lower())
        for opening in OPENINGS
    ]
    for role in ROLES
    for setting in SETTINGS
}
ANSWER_DETAILS = [
    f"{pressure.capitalize()}. {consequence}" for pressure in PRESSURES for consequence in CONSEQUENCES
]

SUBMISSION_FIELDS = (
    "reference",
    "received_at",
    "role",
    "phase",
    "setting",
    "local_authority_id",
    "experience",
    "name",
    "email",
    "consent_to_contact",
    "consent_to_quote",
    "status",
    "priority",
    "is_demo",
)
WORKLOAD_CAUSES = (
    "cause_specialist_service_cuts",
    "cause_external_agency_meetings",
    "cause_specialist_advice_delays",
    "cause_ehcp_processes",
)
# Each SV/DBV problem ticked with this probability.
SV_DBV_PROBLEMS = {
    "problem_no_consultation": 0.4,
    "problem_mainstream_support_reduced": 0.4,
    "problem_specialist_cuts": 0.3,
    "problem_no_funding_for_new_services": 0.3,
}
# The fields drawn for each theme's answer rows, after ``submission_id``.
ANSWER_FIELDS = {
    Theme.WORKLOAD: ("details", *WORKLOAD_CAUSES),
    Theme.BANDING: ("details", "experience"),
    Theme.NOTIONAL_BUDGETS: ("details", "notional_budget_enough"),
    Theme.TRAINING: ("details", "stage", "preparedness"),
    Theme.SV_DBV: (
        "details",
        "local_authority_id",
        "programme",
        "plan_stage",
        "plan_published",
        "schools_consulted",
        *SV_DBV_PROBLEMS,
    ),
    Theme.GENERAL: ("details",),
}


@dataclass
class _Chunk:
    """One chunk of demo rows; links and answers name their submission by its index in ``submissions``."""

    submissions: list[tuple] = field(default_factory=list)  # SUBMISSION_FIELDS
    theme_links: list[tuple[int, str]] = field(default_factory=list)  # (index, theme slug)
    staff_links: list[tuple[int, str]] = field(default_factory=list)
    answers: dict[str, list[tuple]] = field(default_factory=dict)  # slug: (index, *ANSWER_FIELDS[slug])


def _flags(rng: random.Random, n: int, probability: float) -> list[bool]:
    return [rng.random() < probability for _ in range(n)]


def _references(rng: random.Random, n: int) -> list[str]:
    chars = "".join(rng.choices(REFERENCE_ALPHABET, k=8 * n))
    return [f"SEND-{chars[i : i + 4]}-{chars[i + 4 : i + 8]}" for i in range(0, 8 * n, 8)]


def _theme_picks(slugs: Sequence[str]) -> tuple[list[tuple[str, ...]], list[float]]:
    """Every set of one to three themes, weighted so the count follows THEME_COUNT_WEIGHTS and each set
    of a given size is equally likely (what ``random.sample(slugs, k)`` gives)."""
    picks, weights = [], []
    for k, weight in THEME_COUNT_WEIGHTS.items():
        sets = list(combinations(slugs, k))
        if not sets:
            continue
        picks += sets
        weights += [weight / len(sets)] * len(sets)
    return picks, list(accumulate(weights))


def _generate(rng, now, references: list[str], authorities: list[int], slugs: list[str]) -> _Chunk:
    n = len(references)
    roles, settings = rng.choices(ROLES, k=n), rng.choices(SETTINGS, k=n)
    las = rng.choices(authorities, k=n) if authorities else [None] * n
    las = [la if keep else None for la, keep in zip(las, _flags(rng, n, 0.9), strict=True)]
    experience = [
        f"{OPENING_TEXT[role, setting][opening]} {pressure}. {first} {second}"
        for role, setting, opening, pressure, first, second in zip(
            roles,
            settings,
            rng.choices(range(len(OPENINGS)), k=n),
            rng.choices(PRESSURES, k=n),
            rng.choices(CONSEQUENCES, k=n),
            rng.choices(CONSEQUENCES, k=n),
            strict=True,
        )
    ]
    named = _flags(rng, n, 0.6)
    firsts, lasts = rng.choices(FIRST_NAMES, k=n), rng.choices(LAST_NAMES, k=n)
    names = [f"{f} {la}" if is_named else "" for f, la, is_named in zip(firsts, lasts, named, strict=True)]
    emails = [
        f"{f}.{la}{number}@example.org".lower() if is_named else ""
        for f, la, number, is_named in zip(firsts, lasts, rng.choices(range(1000), k=n), named, strict=True)
    ]
    chunk = _Chunk()
    chunk.submissions = list(
        zip(
            references,
            [now - timedelta(minutes=m) for m in rng.choices(range(RECEIVED_SPAN_MINUTES), k=n)],
            roles,
            rng.choices(PHASES, k=n),
            settings,
            las,
            experience,
            names,
            emails,
            [is_named and agree for is_named, agree in zip(named, _flags(rng, n, 0.7), strict=True)],
            _flags(rng, n, 0.5),
            rng.choices(STATUSES, cum_weights=STATUS_CUM_WEIGHTS, k=n),
            rng.choices(PRIORITIES, cum_weights=PRIORITY_CUM_WEIGHTS, k=n),
            [True] * n,
            strict=True,
        )
    )
    picks, cum_weights = _theme_picks(slugs)
    owners: dict[str, list[int]] = {slug: [] for slug in slugs}
    for index, chosen in enumerate(rng.choices(picks, cum_weights=cum_weights, k=n)):
        for slug in chosen:
            chunk.theme_links.append((index, slug))
            owners[slug].append(index)
    tagged = [index for index, yes in enumerate(_flags(rng, n, 0.05)) if yes]
    chunk.staff_links = list(zip(tagged, rng.choices(slugs, k=len(tagged)), strict=True))
    for slug, indexes in owners.items():
        chunk.answers[slug] = list(
            zip(indexes, *_answer_columns(rng, slug, indexes, las, authorities), strict=True)
        )
    return chunk


def _answer_columns(rng, slug: str, owners: list[int], las: list, authorities: list[int]) -> list[list]:
    """The columns of ANSWER_FIELDS[slug] for the answer rows of submissions ``owners``."""
    m = len(owners)
    columns = [rng.choices(ANSWER_DETAILS, k=m)]
    if slug == Theme.WORKLOAD:
        columns += [_flags(rng, m, 0.5) for _ in WORKLOAD_CAUSES]
    elif slug == Theme.BANDING:
        columns.append(rng.choices(BANDING, k=m))
    elif slug == Theme.NOTIONAL_BUDGETS:
        columns.append(rng.choices(YES_NO, k=m))
    elif slug == Theme.TRAINING:
        columns += [rng.choices(TRAINING_STAGES, k=m), rng.choices(PREPAREDNESS, k=m)]
    elif slug == Theme.SV_DBV:
        # The authority the member gave, else one drawn: every SV/DBV report names an authority.
        drawn = rng.choices(authorities, k=m) if authorities else [None] * m
        columns += [
            [las[index] or other for index, other in zip(owners, drawn, strict=True)],
            rng.choices(PROGRAMMES, k=m),
            rng.choices(PLAN_STAGES, k=m),
            rng.choices(YES_NO, k=m),
            rng.choices(YES_NO, k=m),
            *(_flags(rng, m, probability) for probability in SV_DBV_PROBLEMS.values()),
        ]
    return columns


def _fresh_references(rng, n: int, taken: set[str]) -> list[str]:
    """``n`` references used neither in the database nor in ``taken`` (which they join)."""
    fresh: list[str] = []
    while len(fresh) < n:
        drawn = [ref for ref in dict.fromkeys(_references(rng, n - len(fresh))) if ref not in taken]
        taken.update(drawn)
        in_use = _references_in_use(drawn)
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
    in_use = set()
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
    now, made, taken = timezone.now(), 0, set()
    with transaction.atomic():
        set_aside = _set_aside_search_indexes(count) if copying else []
        if copying and not set_aside:
            pg_bulk.defer_gin_updates()
        while made < count:
            references = _fresh_references(rng, min(batch_size, count - made), taken)
            write(_generate(rng, now, references, authorities, slugs), themes)
            made += len(references)
            if progress and made < count:
                progress(made, count)
        pg_bulk.rebuild_indexes(set_aside)
    if copying and not set_aside:
        pg_bulk.merge_gin_updates()
    if progress and count:
        progress(made, count)  # only now: the index work after the last chunk takes a while
    return made


# PostgreSQL: COPY.


def _copy_chunk(chunk: _Chunk, themes: dict[str, int]) -> None:
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


# Elsewhere: bulk_create.


def _bulk_create_chunk(chunk: _Chunk, themes: dict[str, int]) -> None:
    submissions = [Submission(**dict(zip(SUBMISSION_FIELDS, row, strict=True))) for row in chunk.submissions]
    with _received_at_as_given():
        Submission.objects.bulk_create(submissions, batch_size=BATCH)
    if not connection.features.can_return_rows_from_bulk_insert:
        references = [s.reference for s in submissions]
        ids = dict(Submission.objects.filter(reference__in=references).values_list("reference", "pk"))
        for submission in submissions:
            submission.pk = ids[submission.reference]
    ids = [s.pk for s in submissions]
    for through, links in (
        (Submission.themes.through, chunk.theme_links),
        (Submission.staff_themes.through, chunk.staff_links),
    ):
        through.objects.bulk_create(
            [through(submission_id=ids[i], theme_id=themes[slug]) for i, slug in links], batch_size=BATCH
        )
    for slug, rows in chunk.answers.items():
        model, fields = ANSWER_MODELS[slug], ANSWER_FIELDS[slug]
        model.objects.bulk_create(
            [
                model(submission_id=ids[index], **dict(zip(fields, rest, strict=True)))
                for index, *rest in rows
            ],
            batch_size=BATCH,
        )


@contextmanager
def _received_at_as_given():
    """``received_at`` is ``auto_now_add``; demo rows need dates spread over past weeks."""
    received = Submission._meta.get_field("received_at")
    received.auto_now_add = False
    try:
        yield
    finally:
        received.auto_now_add = True


# PostgreSQL's trigram (GIN) indexes cost the most to keep up to date, row by row. A large seed into a
# table no bigger than itself drops them inside its transaction and builds them again at the end, over
# the whole table at once: about three times cheaper. (The transaction holds the tables' exclusive lock
# meanwhile; should it fail, the indexes come back with the rollback.) A smaller seed keeps them, letting
# them queue new rows and merge them in bulk.
REBUILD_SEARCH_INDEXES_FROM = 20_000  # rows seeded


def _set_aside_search_indexes(count: int) -> list[str]:
    if count < REBUILD_SEARCH_INDEXES_FROM or count < Submission.objects.count():
        return []
    return pg_bulk.set_aside_gin_indexes(
        [Submission._meta.db_table, *(model._meta.db_table for model in ANSWER_MODELS.values())]
    )


def clear_demo() -> int:
    """Delete every demo submission and what hangs off it, table by table (no per-row Python)."""
    demo = Submission.objects.filter(is_demo=True)
    with transaction.atomic():
        for model in (*ANSWER_MODELS.values(), Attachment, TriageNote, SubmissionChange):
            model.objects.filter(submission__in=demo.values("pk")).delete()
        for through in (Submission.themes.through, Submission.staff_themes.through):
            through.objects.filter(submission__in=demo.values("pk")).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Submission._meta.db_table} WHERE is_demo")  # noqa: S608
            return cursor.rowcount
