"""A submission's own words, as near-duplicate detection reads them.

"Own words" are the experience text followed by every theme answer's details. Words are runs of
letters and digits (an apostrophe inside a word kept), lower-cased, so punctuation, case and line
breaks never make two letters differ. A shingle is three consecutive words; each is hashed to 32 bits
(BLAKE2b), and a text's shingles are kept as a sorted set of those hashes.
"""

import hashlib
import re
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from django.core.exceptions import ObjectDoesNotExist

from evidence.models import ANSWER_MODELS, Submission, answer_accessor

# Texts shorter than this are never grouped: a few stock sentences would match too easily.
MIN_WORDS = 30
SHINGLE_WORDS = 3

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

Shingles = npt.NDArray[np.uint32]


def own_words(submission: Submission) -> str:
    """The experience text and every theme's details, in the themes' fixed order."""
    details = []
    for slug in ANSWER_MODELS:
        try:
            details.append(getattr(submission, answer_accessor(slug)).details)
        except ObjectDoesNotExist:
            continue
    return joined_words(submission.experience, details)


def joined_words(experience: str, details: Iterable[str | None]) -> str:
    """Own words from their parts (as read with ``details_columns``): a theme not chosen (None) or
    answered without details adds nothing, not even a line break."""
    return "\n".join(part for part in (experience, *details) if part)


def answer_relations() -> list[str]:
    """For ``select_related``: every theme's answers in the one query."""
    return [answer_accessor(slug) for slug in ANSWER_MODELS]


def details_columns() -> list[str]:
    """For ``values_list()`` on submissions: every theme's answer details, in the themes' fixed order,
    read with the submission in the one query (None where the member did not choose the theme); the
    worker's steps read these rather than seven model instances."""
    return [f"{answer_accessor(slug)}__details" for slug in ANSWER_MODELS]


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def shingle_hashes(text_words: list[str]) -> Shingles:
    """The sorted, distinct 32-bit hashes of the word 3-shingles (empty under three words)."""
    hashes = {
        int.from_bytes(
            hashlib.blake2b(" ".join(text_words[i : i + SHINGLE_WORDS]).encode(), digest_size=4).digest(),
            "little",
        )
        for i in range(len(text_words) - SHINGLE_WORDS + 1)
    }
    return np.array(sorted(hashes), dtype=np.uint32)


def to_bytes(shingles: Shingles) -> bytes:
    return shingles.astype("<u4").tobytes()


def from_bytes(data: bytes | memoryview) -> Shingles:
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)


def jaccard(a: Shingles, b: Shingles) -> float:
    """|A ∩ B| / |A ∪ B| of two sorted, distinct hash sets; 0 when both are empty."""
    if not len(a) and not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)
