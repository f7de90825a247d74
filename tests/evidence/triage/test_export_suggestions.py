"""The export's suggestion columns (evidence.triage.export): open suggestions only, most confident
first, their confidences in the same order."""

import pytest

from evidence.models import Submission
from evidence.triage import export
from tests.factories import SubmissionFactory, ThemeSuggestionFactory, theme

pytestmark = pytest.mark.django_db


def row_of(submission: Submission) -> dict[str, str]:
    rows = export.submission_rows(Submission.objects.filter(pk=submission.pk))
    return dict(zip(export.HEADERS, next(iter(rows)), strict=True))


def test_open_suggestions_are_exported_most_confident_first_with_their_confidence():
    submission = SubmissionFactory()
    ThemeSuggestionFactory(submission=submission, theme=theme("banding"), confidence=0.61)
    ThemeSuggestionFactory(submission=submission, theme=theme("sv-dbv"), confidence=0.874)
    ThemeSuggestionFactory(submission=submission, theme=theme("training"), state="rejected")
    row = row_of(submission)
    assert row["suggested_themes"] == "sv-dbv;banding"
    assert row["suggestion_confidence"] == "0.87;0.61"


def test_a_submission_without_suggestions_has_empty_cells():
    row = row_of(SubmissionFactory())
    assert row["suggested_themes"] == row["suggestion_confidence"] == ""
