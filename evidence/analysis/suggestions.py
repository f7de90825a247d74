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
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from evidence.analysis.compiled import CompiledQuery
from evidence.analysis.shingles import details_columns
from evidence.analysis.theme_model import Scorer
from evidence.analysis.words import submission_words
from evidence.models import Submission, Theme, ThemeModel, ThemeSuggestion

log = logging.getLogger(__name__)


# The newest model's scorer, per worker process: a new training is a new row, so a new id.
_scorers: dict[int, Scorer] = {}


def current_scorer() -> Scorer | None:
    rows = _newest_model.rows()
    if not rows:
        return None
    newest = rows[0][0]
    if newest not in _scorers:
        _scorers.clear()
        _scorers[newest] = Scorer(ThemeModel.objects.get(pk=newest).data)
    return _scorers[newest]


# Four queries for a new submission (issue 16: the worker shares a core with gunicorn): the locked row
# with its answers' details, the newest model's id, every theme with what the submission holds of it,
# and one upsert of the suggestions (and a delete when one open is no longer suggested). It was 22,
# 19 on a second reading: a query per theme's answers and per kind of theme taken, and an
# update_or_create (savepoint, SELECT FOR UPDATE, write) per suggestion.
@transaction.atomic
def suggest_themes(*, submission_id: int) -> list[ThemeSuggestion]:
    """Store the newest model's open suggestions for the submission; returns them (none if it is gone)."""
    rows = _own_words_locked.rows(submission_id)
    scorer = current_scorer()
    if not rows or scorer is None:
        return []
    found = scorer.suggested(submission_words(rows[0][0], rows[0][1:]))
    may_suggest, open_for = _themes_of(submission_id)
    open_now = {slug: p for slug, p in found.items() if slug in may_suggest}
    stale = open_for - {may_suggest[slug] for slug in open_now}
    if stale:
        ThemeSuggestion.objects.filter(
            submission_id=submission_id, state=ThemeSuggestion.State.OPEN, theme_id__in=stale
        ).delete()
    written = [
        ThemeSuggestion(submission_id=submission_id, theme_id=may_suggest[slug], confidence=round(p, 3))
        for slug, p in open_now.items()
    ]
    # An open suggestion is refreshed in place (its id and time kept); a decided one is never among these.
    ThemeSuggestion.objects.bulk_create(
        written, update_conflicts=True, unique_fields=["submission", "theme"], update_fields=["confidence"]
    )
    return written


def _themes_of(submission_id: int) -> tuple[dict[str, int], set[int]]:
    """The themes that may be suggested (slug -> id: not the member's, not added by staff, not decided
    on), and those the submission has an open suggestion of (ids)."""
    may_suggest: dict[str, int] = {}
    open_for: set[int] = set()
    for slug, pk, taken, is_open in _themes.rows(submission_id):
        if not taken:
            may_suggest[slug] = pk
        if is_open:
            open_for.add(pk)
    return may_suggest, open_for


def _themes_query(submission_id: int) -> QuerySet[Theme, Any]:
    suggestions = ThemeSuggestion.objects.filter(submission_id=submission_id, theme=OuterRef("pk"))
    chosen = Submission.themes.through.objects.filter(submission_id=submission_id, theme=OuterRef("pk"))
    added = Submission.staff_themes.through.objects.filter(submission_id=submission_id, theme=OuterRef("pk"))
    decided = suggestions.exclude(state=ThemeSuggestion.State.OPEN)
    return (
        Theme.objects.order_by()
        .annotate(
            taken=Exists(chosen) | Exists(added) | Exists(decided),
            open=Exists(suggestions.filter(state=ThemeSuggestion.State.OPEN)),
        )
        .values_list("slug", "pk", "taken", "open")
    )


# Compiled once per process (evidence.analysis.compiled): through the ORM the themes' query took 1.8 ms
# of the worker's CPU, almost all of it compiling the four EXISTS; compiled, 0.1 ms.
_themes = CompiledQuery(_themes_query)
# Locked until commit: a staff decision (evidence.triage.suggestions) locks the submission too, so none
# is made between reading the decided themes here and writing the open ones.
_own_words_locked = CompiledQuery(
    lambda submission_id: (
        Submission.objects.select_for_update(of=("self",))
        .filter(pk=submission_id, restricted=False)
        .order_by()
        .values_list("experience", *details_columns())
    )
)
_newest_model = CompiledQuery(lambda: ThemeModel.objects.order_by("-trained_at", "-id").values_list("pk")[:1])
