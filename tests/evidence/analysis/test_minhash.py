import numpy as np

from evidence.analysis import minhash, shingles
from evidence.models.groups import BAND_COUNT
from tests.evidence.analysis.letters import letter, words


def _signature(text: str) -> np.ndarray:
    return minhash.signature(shingles.shingle_hashes(shingles.words(text)))


def test_the_same_words_give_the_same_signature_and_bands():
    assert (_signature(letter()) == _signature(letter())).all()
    assert minhash.bands(_signature(letter())) == minhash.bands(_signature(letter()))


def test_a_signature_has_one_band_hash_per_band_that_fits_a_bigint():
    bands = minhash.bands(_signature(letter()))
    assert len(bands) == BAND_COUNT
    assert all(-(2**63) <= band < 2**63 for band in bands)


def test_the_share_of_equal_minima_estimates_jaccard():
    a, b = words(200), words(200, start=60)  # 138 shared shingles of 258: 0.53
    estimate = float((_signature(a) == _signature(b)).mean())
    assert abs(estimate - 138 / 258) < 0.12


def test_edited_copies_share_a_band_and_unrelated_texts_do_not():
    original = set(minhash.bands(_signature(letter())))
    copy = set(minhash.bands(_signature(letter("Elm Academy", "Raj Patel"))))
    other = set(minhash.bands(_signature(words(80))))
    assert original & copy
    assert not original & other


def test_pairs_at_the_threshold_are_candidates_with_high_probability():
    assert minhash.probability_of_candidate(0.6) > 0.98
    assert minhash.probability_of_candidate(0.2) < 0.1
