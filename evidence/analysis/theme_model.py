"""The theme model: TF-IDF over a submission's own words, one logistic regression per theme.

Rules:

- **Plain data**: ``fit`` returns a JSON-ready dict (vocabulary, idf, coefficients, intercepts,
  thresholds) and ``probabilities`` scores with it; no pickle, so nothing executable comes from storage.
- **No rare terms**: a term used in fewer than ``MIN_SUBMISSIONS`` submissions is not kept, so a name,
  a school or a small authority mentioned by a handful of members never enters the stored model.
- **Deterministic**: the same texts and labels give the same model (fixed solver, no random state).
- **Thresholds** are picked per theme on a held-out split (``pick_threshold``): the lowest that keeps
  precision at ``TARGET_PRECISION`` and recall at ``MIN_RECALL`` or more, so recall has a margin.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

MIN_SUBMISSIONS = 5
MIN_RECALL = 0.6
TARGET_PRECISION = 0.9
FORMAT = 1
VECTORIZER = {"sublinear_tf": True, "stop_words": "english", "ngram_range": (1, 2), "lowercase": True}

Model = dict[str, Any]


def own_words(experience: str, details: Sequence[str]) -> str:
    """A submission's own words: its experience text and every theme's details."""
    return "\n".join([experience, *details]).strip()


def _vectorizer(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(min_df=MIN_SUBMISSIONS, vocabulary=vocabulary, **VECTORIZER)


def fit(*, texts: Sequence[str], labels: Sequence[set[str]], themes: Sequence[str]) -> Model:
    """Train on ``texts`` with their sets of theme slugs; thresholds start at 0.5 (see pick_threshold)."""
    vectorizer = _vectorizer()
    features = vectorizer.fit_transform(texts)
    vocabulary = vectorizer.get_feature_names_out().tolist()
    per_theme: dict[str, dict[str, Any]] = {}
    for slug in themes:
        target = np.array([slug in found for found in labels], dtype=int)
        if target.min() == target.max():  # all or none: nothing to learn, a constant answer
            coef, intercept = [0.0] * len(vocabulary), (8.0 if target.min() else -8.0)
        else:
            classifier = LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear")
            classifier.fit(features, target)
            coef, intercept = classifier.coef_[0].tolist(), float(classifier.intercept_[0])
        per_theme[slug] = {
            "coef": [round(c, 6) for c in coef],
            "intercept": round(intercept, 6),
            "threshold": 0.5,
        }
    return {
        "format": FORMAT,
        "vocabulary": vocabulary,
        "idf": [round(float(v), 6) for v in vectorizer.idf_],
        "themes": per_theme,
    }


class Scorer:
    """A stored model made ready to score: built once per model, then reused for every submission."""

    def __init__(self, model: Model):
        vocabulary = {term: i for i, term in enumerate(model["vocabulary"])}
        self.slugs = list(model["themes"])
        self.thresholds = {slug: model["themes"][slug]["threshold"] for slug in self.slugs}
        self.vectorizer = _vectorizer(vocabulary) if vocabulary else None
        if self.vectorizer is not None:
            self.vectorizer.idf_ = np.array(model["idf"])
        self.coef = np.array([model["themes"][slug]["coef"] for slug in self.slugs]).reshape(
            len(self.slugs), -1
        )
        self.intercept = np.array([model["themes"][slug]["intercept"] for slug in self.slugs])

    def probabilities(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """Each theme's probability for each text, in the order of ``texts``."""
        if self.vectorizer is None or not texts:
            return {slug: [0.0] * len(texts) for slug in self.slugs}
        scores = self.vectorizer.transform(texts) @ self.coef.T + self.intercept
        found = 1.0 / (1.0 + np.exp(-np.asarray(scores)))
        return {slug: found[:, i].tolist() for i, slug in enumerate(self.slugs)}

    def suggested(self, text: str) -> dict[str, float]:
        """The themes at or above their threshold for ``text``, with their probability."""
        scores = self.probabilities([text])
        return {slug: scores[slug][0] for slug in self.slugs if scores[slug][0] >= self.thresholds[slug]}


def probabilities(model: Model, texts: Sequence[str]) -> dict[str, list[float]]:
    return Scorer(model).probabilities(texts)


def pick_threshold(scores: Sequence[float], truth: Sequence[bool]) -> float:
    """The lowest threshold with precision of at least TARGET_PRECISION and recall of at least
    MIN_RECALL; failing that, the best precision at that recall. 0.5 when the split has no example."""
    positives = sum(truth)
    if not positives:
        return 0.5
    best: tuple[float, float] = (-1.0, 0.5)
    for threshold in sorted(set(scores)):
        chosen = [t for s, t in zip(scores, truth, strict=True) if s >= threshold]
        if sum(chosen) / positives < MIN_RECALL:
            break  # higher thresholds only lose recall
        precision = sum(chosen) / len(chosen)
        if precision >= TARGET_PRECISION:
            return round(threshold, 6)
        if precision > best[0]:
            best = (precision, threshold)
    return round(best[1], 6)


def set_thresholds(model: Model, *, texts: Sequence[str], labels: Sequence[set[str]]) -> Model:
    scores = probabilities(model, texts)
    for slug, theme in model["themes"].items():
        theme["threshold"] = pick_threshold(scores[slug], [slug in found for found in labels])
    return model
