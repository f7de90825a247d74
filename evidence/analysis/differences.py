"""What differs between two near-duplicates, word by word (difflib), for the submission page.

Plain data only: the template escapes every word and marks changes with CSS classes.
"""

import difflib
from dataclasses import dataclass
from typing import Literal

# Enough to read a template letter's edits; a longer difference is cut with a note.
MAX_SEGMENTS = 200


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
