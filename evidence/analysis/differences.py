"""What differs between two near-duplicates, word by word (difflib), for the submission page.

Plain data only: the template escapes every word and marks changes with CSS classes.
"""

import difflib
from dataclasses import dataclass
from typing import Literal

from evidence.analysis import shingles
from evidence.models import NearDuplicateGroup, Submission

# Enough to read a template letter's edits.
MAX_SEGMENTS = 200
# The others compared on the page; the rest are a link to the group's list away.
SHOWN = 10


@dataclass(frozen=True)
class Segment:
    kind: Literal["same", "added", "removed"]
    text: str


def word_differences(this: str, other: str) -> list[Segment]:
    """``other`` read against ``this``: words only in ``other`` are "added", only in ``this`` "removed"."""
    a, b = this.split(), other.split()
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", " ".join(a[a0:a1])))
            continue
        if a1 > a0:
            segments.append(Segment("removed", " ".join(a[a0:a1])))
        if b1 > b0:
            segments.append(Segment("added", " ".join(b[b0:b1])))
    return segments[:MAX_SEGMENTS]


@dataclass(frozen=True)
class Neighbour:
    id: int
    reference: str
    segments: list[Segment]


@dataclass(frozen=True)
class GroupComparison:
    group_id: int
    size: int
    is_campaign: bool
    neighbours: list[Neighbour]


def compare_with_group(submission: Submission, *, shown: int = SHOWN) -> GroupComparison | None:
    """The submission's group, and what the first ``shown`` others' own words change from its own."""
    group = NearDuplicateGroup.objects.filter(members__submission=submission).first()
    if group is None:
        return None
    others = (
        Submission.objects.filter(signature__group=group)
        .exclude(pk=submission.pk)
        .select_related(*shingles.answer_relations())
        .order_by("received_at", "pk")[:shown]
    )
    own = shingles.own_words(submission)
    return GroupComparison(
        group_id=group.pk,
        size=group.members.count(),
        is_campaign=group.is_campaign,
        neighbours=[
            Neighbour(other.pk, other.reference, word_differences(own, shingles.own_words(other)))
            for other in others
        ],
    )
