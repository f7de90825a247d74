"""MinHash signatures and their locality-sensitive bands.

128 hash functions h(x) = (a*x + b) mod (2^32 - 5) over the shingles' 32-bit hashes x, their
coefficients drawn once from a fixed seed, so every worker computes the same signature for the same
words. The signature's 128 minima are cut into
32 bands of 4 rows; a band's hash is the first 8 bytes of BLAKE2b over its four values, as a signed
64-bit integer (a BigIntegerField). Two texts whose shingle sets have Jaccard similarity s share at
least one band with probability 1 - (1 - s^4)^32: 0.988 at s = 0.6, 0.9997 at 0.7, 0.87 at 0.5 and
0.23 at 0.3 (docs/decisions/0054-near-duplicate-groups.md). A shared band makes a candidate only; the
exact Jaccard decides.
"""

import hashlib
import random

import numpy as np
import numpy.typing as npt

from evidence.analysis.shingles import Shingles
from evidence.models.groups import BAND_COUNT

ROWS_PER_BAND = 4
PERMUTATIONS = BAND_COUNT * ROWS_PER_BAND
PRIME = (1 << 32) - 5  # the largest prime below 2^32
SEED = 20261203

_draw = random.Random(SEED)
# a, b < p and x < 2^32 keep a*x + b below 2^64: exact in unsigned 64-bit arithmetic. (A larger prime
# with small a would be nearly monotonic in x, and the minima would all but agree.)
_A = np.array([_draw.randrange(1, PRIME) for _ in range(PERMUTATIONS)], dtype=np.uint64)
_B = np.array([_draw.randrange(0, PRIME) for _ in range(PERMUTATIONS)], dtype=np.uint64)

Signature = npt.NDArray[np.uint64]


def probability_of_candidate(similarity: float) -> float:
    """The S-curve: how likely two texts this similar share a band."""
    return 1 - (1 - similarity**ROWS_PER_BAND) ** BAND_COUNT


def signature(shingles: Shingles) -> Signature:
    if not len(shingles):
        raise ValueError("A signature needs at least one shingle.")
    x = shingles.astype(np.uint64)
    hashed = (_A[:, None] * x[None, :] + _B[:, None]) % np.uint64(PRIME)
    minima: Signature = hashed.min(axis=1)
    return minima


def bands(sig: Signature) -> list[int]:
    out = []
    for band in range(BAND_COUNT):
        rows = sig[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].astype("<u8").tobytes()
        digest = hashlib.blake2b(rows, digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out
