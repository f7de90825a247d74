"""A submission's own words, as the theme model reads them: its experience and every theme's details."""

from collections.abc import Iterator, Sequence

from evidence.analysis.theme_model import own_words
from evidence.models import ANSWER_MODELS, Submission


def submission_words(experience: str, details: Sequence[str | None]) -> str:
    """Own words from a row read with ``shingles.details_columns()``: the themes the member chose, even
    with empty details, as ``words_by_submission`` reads them for training."""
    return own_words(experience, [text for text in details if text is not None])


def words_by_submission(ids: list[int]) -> Iterator[tuple[int, str]]:
    """(id, own words) for many submissions: one query per theme's answers, not per submission."""
    details: dict[int, list[str]] = {pk: [] for pk in ids}
    for model in ANSWER_MODELS.values():
        rows = model._default_manager.filter(submission_id__in=ids).values_list("submission_id", "details")
        for pk, text in rows:
            details[pk].append(text)
    for pk, experience in Submission.objects.filter(pk__in=ids).values_list("pk", "experience"):
        yield pk, own_words(experience, details[pk])
