"""manage.py purge_expired_evidence [--dry-run]: says the cut-off and the counts, never personal data."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from evidence.models import Submission
from evidence.privacy import retention
from tests.evidence.conftest import counted_in, weekly_figures
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_expired_evidence", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_and_new(settings):
    settings.EVIDENCE_RETENTION_DAYS = 30
    old = SubmissionFactory(name="Erin Evans", email="erin@example.org")
    Submission.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=31))
    new = SubmissionFactory()
    counted_in([old, new])
    return old, new


def test_a_dry_run_says_how_many_would_go_and_the_cut_off_and_deletes_nothing(old_and_new):
    output = purge("--dry-run")

    when = f"{timezone.localtime(retention.cut_off()):%Y-%m-%d %H:%M}"
    assert f"Dry run: 1 submission received before {when}" in output
    assert "(EVIDENCE_RETENTION_DAYS=30) would be deleted. Nothing was deleted." in output
    assert Submission.objects.count() == 2


def test_it_deletes_the_expired_and_prints_counts_never_personal_data(old_and_new):
    old, new = old_and_new
    before = weekly_figures()

    output = purge()

    assert "Deleted 1 submissions received before" in output
    assert "with 0 files and 0 outbox emails, in 1 batches" in output
    assert "The weekly figures are unchanged." in output
    assert old.reference not in output and "erin" not in output.lower()
    assert list(Submission.objects.all()) == [new]
    assert weekly_figures() == before
    assert "Deleted 0 submissions" in purge()


def test_it_refuses_a_batch_size_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        purge("--batch-size", "0")
