"""The shipped labelled set (``evidence/analysis/labelled/``, frozen: see its README) and the quality
figures measured on it: per-theme precision and recall on the test split at the dev split's thresholds."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence.analysis.theme_model import Model, fit, own_words, probabilities, set_thresholds

LABELLED = Path(__file__).resolve().parent / "labelled"
SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    themes: frozenset[str]
    campaign: str | None


def load(split: str) -> list[Example]:
    if split not in SPLITS:
        raise ValueError(f"No labelled split {split!r}.")
    examples = []
    with open(LABELLED / f"{split}.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row: dict[str, Any] = json.loads(line)
            text = own_words(row["experience"], list(row["details"].values()))
            examples.append(Example(row["id"], text, frozenset(row["themes"]), row["campaign"]))
    return examples


@dataclass(frozen=True)
class ThemeQuality:
    theme: str
    precision: float
    recall: float
    support: int


def quality(model: Model, examples: list[Example]) -> list[ThemeQuality]:
    """Precision and recall per theme at the model's thresholds (precision 1.0 when nothing is picked:
    no wrong suggestion was made)."""
    scores = probabilities(model, [example.text for example in examples])
    figures = []
    for slug, theme in model["themes"].items():
        picked = [
            slug in e.themes for e, s in zip(examples, scores[slug], strict=True) if s >= theme["threshold"]
        ]
        support = sum(slug in e.themes for e in examples)
        precision = sum(picked) / len(picked) if picked else 1.0
        recall = sum(picked) / support if support else 1.0
        figures.append(ThemeQuality(slug, precision, recall, support))
    return figures


def average_precision(figures: list[ThemeQuality]) -> float:
    return sum(f.precision for f in figures) / len(figures)


def fitted(*, live: list[tuple[str, set[str]]], themes: list[str]) -> Model:
    """A model trained on the training split plus ``live`` (text, themes) pairs, thresholds picked on
    the dev split; the test split is never trained on."""
    train, dev = load("train"), load("dev")
    model = fit(
        texts=[e.text for e in train] + [text for text, _ in live],
        labels=[set(e.themes) for e in train] + [found for _, found in live],
        themes=themes,
    )
    return set_thresholds(model, texts=[e.text for e in dev], labels=[set(e.themes) for e in dev])
