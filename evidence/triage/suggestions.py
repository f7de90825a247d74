"""Deciding on theme suggestions: staff accept one as a staff theme, or reject it.

Rules:

- **The member's themes never change**: an accepted suggestion becomes a staff theme, kept apart.
- **Recorded**: each decision is a ``SubmissionChange`` ("accepted suggestion: <theme>" or "rejected
  suggestion: <theme>"), who and when, in the same transaction as the decision.
- **Once**: only an open suggestion can be decided; a decided one stays decided (a rejection is
  remembered, and the next training learns from both).
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from evidence.models import Submission, SubmissionChange, ThemeSuggestion

ACCEPTED = "accepted suggestion"
REJECTED = "rejected suggestion"


def open_suggestions(submission: Submission) -> list[ThemeSuggestion]:
    """Open suggestions of themes staff have not since added by hand."""
    found = submission.theme_suggestions.filter(state=ThemeSuggestion.State.OPEN)
    added = [theme.pk for theme in submission.staff_themes.all()]  # prefetched on the page
    return list(found.exclude(theme_id__in=added).select_related("theme"))


@transaction.atomic
def decide_suggestion(
    *, submission_id: int, suggestion_id: int, accept: bool, by: User
) -> ThemeSuggestion | None:
    """Accept or reject an open suggestion of the submission; None if there is no such open one."""
    submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
    suggestion = (
        ThemeSuggestion.objects.select_for_update(of=("self",))
        .select_related("theme")
        .filter(pk=suggestion_id, submission_id=submission_id, state=ThemeSuggestion.State.OPEN)
        .first()
    )
    if submission is None or suggestion is None:
        return None
    suggestion.state = ThemeSuggestion.State.ACCEPTED if accept else ThemeSuggestion.State.REJECTED
    suggestion.decided_by, suggestion.decided_at = by, timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    if accept:
        submission.staff_themes.add(suggestion.theme)
    SubmissionChange.objects.create(
        submission=submission,
        changed_by=by,
        field=SubmissionChange.Field.SUGGESTION,
        new_value=f"{ACCEPTED if accept else REJECTED}: {suggestion.theme.name}"[:300],
    )
    return suggestion
