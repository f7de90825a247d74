"""Suggestions derive from a submission: erasure on request and the retention purge remove them (on
PostgreSQL, where both delete a batch's rows with one statement per table)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.models import Submission, ThemeSuggestion
from evidence.privacy import retention
from evidence.privacy.erasure import erase_submissions
from tests.factories import SubmissionFactory, ThemeSuggestionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.usefixtures("each_file_storage", "postgres"),
]


def test_erasure_removes_the_submissions_suggestions_and_no_one_elses():
    erased, kept = ThemeSuggestionFactory(), ThemeSuggestionFactory()
    erase_submissions(submissions=[erased.submission], actor="grace")
    assert list(ThemeSuggestion.objects.all()) == [kept]


def test_the_retention_purge_removes_expired_submissions_suggestions(settings):
    settings.EVIDENCE_RETENTION_DAYS = 30
    old = SubmissionFactory()
    Submission.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=40))
    ThemeSuggestionFactory(submission=old, state="accepted")
    recent = ThemeSuggestionFactory()
    retention.purge_expired_evidence()
    assert list(ThemeSuggestion.objects.all()) == [recent]
