"""Training the theme model: on the shipped training split plus what live submissions teach.

Rules:

- **Live labels** come from live submissions only: not spam, not restricted, not demo data. A
  submission's positives are the member's themes, the themes staff added and the suggestions staff
  accepted; a suggestion staff rejected is a negative even if a member chose it.
- **Thresholds** are always picked on the shipped dev split, and the test split is never trained on.
- **One model at a time**: a new model replaces the old rows, so what a purged or erased submission
  contributed leaves the database with the next (nightly) training.
"""

from collections import defaultdict
from collections.abc import Iterator

from django.db import transaction

from evidence.analysis import labelled
from evidence.analysis.labelled import fitted
from evidence.analysis.words import words_by_submission
from evidence.models import Submission, Theme, ThemeModel, ThemeSuggestion

CHUNK = 2000


def _labels_of(ids: list[int]) -> dict[int, set[str]]:
    found: defaultdict[int, set[str]] = defaultdict(set)
    for through in (Submission.themes.through, Submission.staff_themes.through):
        rows = through._default_manager.filter(submission_id__in=ids).values_list(
            "submission_id", "theme__slug"
        )
        for pk, slug in rows:
            found[pk].add(slug)
    decided = ThemeSuggestion.objects.filter(submission_id__in=ids).exclude(state=ThemeSuggestion.State.OPEN)
    for pk, slug, state in decided.values_list("submission_id", "theme__slug", "state"):
        (found[pk].add if state == ThemeSuggestion.State.ACCEPTED else found[pk].discard)(slug)
    return found


def live_examples() -> Iterator[tuple[str, set[str]]]:
    live = Submission.objects.counted().filter(is_demo=False).order_by("pk").values_list("pk", flat=True)
    ids = list(live)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        labels = _labels_of(chunk)
        for pk, text in words_by_submission(chunk):
            yield text, labels.get(pk, set())


def theme_slugs() -> list[str]:
    return list(Theme.objects.order_by("position").values_list("slug", flat=True))


def train_theme_model() -> ThemeModel:
    live = list(live_examples())
    data = fitted(live=live, themes=theme_slugs())
    with transaction.atomic():
        ThemeModel.objects.all().delete()
        return ThemeModel.objects.create(
            labelled_count=len(labelled.load("train")), live_count=len(live), data=data
        )
