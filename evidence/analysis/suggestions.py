"""Theme suggestions for one submission, computed in the worker once it has committed.

Rules:

- **Never in the member's request**: ``submission_sent`` only queues the task that reads a sent
  submission (``evidence.analysis.queuing``), from ``on_commit``; a broker that fails is logged and the
  submission goes without suggestions (the triage page still works, and staff still choose themes by
  hand).
- **Only themes beyond the member's**: a theme the member chose, staff already added, or staff decided
  on (accepted or rejected) is never suggested again; an open suggestion is refreshed in place.
- **Restricted submissions are not processed**: a member asked us to stop.
"""

import logging

from django.db import transaction

from evidence.analysis.theme_model import Scorer
from evidence.analysis.words import submission_words
from evidence.models import Submission, Theme, ThemeModel, ThemeSuggestion

log = logging.getLogger(__name__)


# The newest model's scorer, per worker process: a new training is a new row, so a new id.
_scorers: dict[int, Scorer] = {}


def current_scorer() -> Scorer | None:
    newest = ThemeModel.objects.order_by("-trained_at", "-id").values_list("pk", flat=True).first()
    if newest is None:
        return None
    if newest not in _scorers:
        _scorers.clear()
        _scorers[newest] = Scorer(ThemeModel.objects.get(pk=newest).data)
    return _scorers[newest]


@transaction.atomic
def suggest_themes(*, submission_id: int) -> list[ThemeSuggestion]:
    """Store the newest model's open suggestions for the submission; returns them (none if it is gone)."""
    submission = Submission.objects.select_for_update().filter(pk=submission_id, restricted=False).first()
    scorer = current_scorer()
    if submission is None or scorer is None:
        return []
    found = scorer.suggested(submission_words(submission))
    taken = {t.slug for t in submission.themes.all()} | {t.slug for t in submission.staff_themes.all()}
    decided = set(
        submission.theme_suggestions.exclude(state=ThemeSuggestion.State.OPEN).values_list(
            "theme__slug", flat=True
        )
    )
    open_now = {slug: p for slug, p in found.items() if slug not in taken | decided}
    submission.theme_suggestions.filter(state=ThemeSuggestion.State.OPEN).exclude(
        theme__slug__in=open_now
    ).delete()
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=open_now)}
    return [
        ThemeSuggestion.objects.update_or_create(
            submission=submission, theme=themes[slug], defaults={"confidence": round(p, 3)}
        )[0]
        for slug, p in open_now.items()
        if slug in themes
    ]
