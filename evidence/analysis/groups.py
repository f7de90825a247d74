"""Finding a submission's near-duplicate group, in the worker after it commits.

Rules (the rows and what removal does to them: ``evidence.models.groups``):

- **Near-duplicates**: the Jaccard similarity of two submissions' word 3-shingle sets (their own words:
  ``evidence.analysis.shingles``) is at least ``THRESHOLD`` (0.6), and both have at least 30 words.
- **Candidates come from the index only**: the rows sharing one of the new signature's 32 band hashes
  (one indexed column each); never a comparison with every row. Each candidate is confirmed by the
  exact Jaccard of the stored shingle hashes.
- **A group is a connected component**: a new submission near-duplicate of members of several groups
  merges them into the oldest (a campaign mark carries over if any of them had it).
- **No pair missed under concurrency**: the signature is committed before the lookup, so of two
  near-duplicates read at the same moment the later lookup sees the other. The group-writing step is
  serialised by a PostgreSQL advisory lock (SQLite serialises writes itself).
- **Idempotent**: reading a submission again rewrites its signature and finds the same group.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from evidence.analysis import minhash, shingles
from evidence.analysis.compiled import CompiledQuery
from evidence.models import BAND_FIELDS, NearDuplicateGroup, Submission, SubmissionSignature

THRESHOLD = 0.6
# pg_advisory_xact_lock's key for "writing groups": any constant no other feature uses.
GROUPS_LOCK = 13_0054


@dataclass(frozen=True)
class Reading:
    word_count: int
    shingles: shingles.Shingles
    bands: list[int] | None


def read(text: str) -> Reading:
    """The signature of a text: no bands (never grouped) under ``MIN_WORDS`` words."""
    text_words = shingles.words(text)
    hashes = shingles.shingle_hashes(text_words)
    if len(text_words) < shingles.MIN_WORDS:
        return Reading(len(text_words), hashes, None)
    return Reading(len(text_words), hashes, minhash.bands(minhash.signature(hashes)))


def find_group(*, submission_id: int) -> int | None:
    """Store the submission's signature, then join, start or merge its group; returns the group's id."""
    rows = _own_words.rows(submission_id)
    if not rows:  # erased before the worker got to it
        return None
    reading = read(shingles.joined_words(rows[0][0], rows[0][1:]))
    bands: list[int | None] = list(reading.bands) if reading.bands else [None] * len(BAND_FIELDS)
    # One INSERT .. ON CONFLICT: a first reading inserts, a second rewrites all but the group, which
    # only _join writes (update_or_create took a savepoint, a SELECT FOR UPDATE and the write).
    SubmissionSignature.objects.bulk_create(
        [
            SubmissionSignature(
                submission_id=submission_id,
                word_count=reading.word_count,
                shingles=shingles.to_bytes(reading.shingles),
                **dict(zip(BAND_FIELDS, bands, strict=True)),
            )
        ],
        update_conflicts=True,
        unique_fields=["submission"],
        update_fields=["word_count", "shingles", "computed_at", *BAND_FIELDS],
    )
    if reading.bands is None:
        return None
    with transaction.atomic():
        _lock_groups()
        matches = near_duplicates(submission_id, reading)
        return _join(submission_id, matches)


def band_lookup(submission_id: int, bands: list[int]) -> QuerySet[SubmissionSignature, Any]:
    """Rows sharing at least one band with ``bands``: a UNION ALL of one equality per band column, so
    each branch is an index seek on SQLite and PostgreSQL alike. (One OR of the 32 equalities let
    PostgreSQL's planner choose a scan of the whole table at 20,000 rows: 48 ms.)"""
    rows = (
        SubmissionSignature.objects.exclude(submission_id=submission_id)
        .order_by()
        .values_list("submission_id", "shingles", "group_id")
    )
    per_band = [rows.filter(**{field: value}) for field, value in zip(BAND_FIELDS, bands, strict=True)]
    return per_band[0].union(*per_band[1:], all=True)


def candidates(submission_id: int, bands: list[int]) -> "list[tuple[int, bytes, int | None]]":
    """Each row sharing a band with ``bands``, once, found through the band indexes alone."""
    found: dict[int, tuple[int, bytes, int | None]] = {}
    for row in _band_lookup.rows(submission_id, *bands):
        found.setdefault(row[0], row)
    return list(found.values())


# Compiled once per process (evidence.analysis.compiled): band_lookup through the ORM took 3.5 ms of the
# worker's CPU a submission, almost all of it compiling the 32 branches; compiled, 0.35 ms.
_band_lookup = CompiledQuery(lambda submission_id, *bands: band_lookup(submission_id, list(bands)))
_own_words = CompiledQuery(
    lambda submission_id: (
        Submission.objects.filter(pk=submission_id)
        .order_by()
        .values_list("experience", *shingles.details_columns())
    )
)
_own_group = CompiledQuery(
    lambda submission_id: (
        SubmissionSignature.objects.filter(pk=submission_id).order_by().values_list("group_id")
    )
)


def near_duplicates(submission_id: int, reading: Reading) -> dict[int, int | None]:
    """Confirmed near-duplicates: submission id -> its group id (or None)."""
    assert reading.bands is not None
    return {
        other: group
        for other, data, group in candidates(submission_id, reading.bands)
        if shingles.jaccard(reading.shingles, shingles.from_bytes(data)) >= THRESHOLD
    }


def _lock_groups() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [GROUPS_LOCK])


def _join(submission_id: int, matches: dict[int, int | None]) -> int | None:
    own = next((group for (group,) in _own_group.rows(submission_id)), None)
    if not matches:
        return own
    group_ids = sorted({g for g in (own, *matches.values()) if g is not None})
    if group_ids:
        target = NearDuplicateGroup.objects.get(pk=group_ids[0])
        others = group_ids[1:]
        if others and not target.is_campaign:
            marked = NearDuplicateGroup.objects.filter(pk__in=others, is_campaign=True).first()
            if marked is not None:
                target.is_campaign, target.marked_by_id, target.marked_at = (
                    True,
                    marked.marked_by_id,
                    marked.marked_at,
                )
                target.save(update_fields=["is_campaign", "marked_by", "marked_at"])
    else:
        target, others = NearDuplicateGroup.objects.create(), []
    SubmissionSignature.objects.filter(Q(pk__in=[submission_id, *matches]) | Q(group__in=others)).update(
        group=target
    )
    if others:
        NearDuplicateGroup.objects.filter(pk__in=others).delete()
    return target.pk
