"""What deleting a submission means (evidence.privacy.removal): one statement per table when that is all
Django's collector would do, and the collector itself when a receiver or a dependent model needs it."""

import pytest
from django.db.models.signals import post_delete

from evidence.models import Quote, Submission, TriageNote, WorkloadAnswer, quotes_removed
from evidence.privacy.removal import _cascading_tables, remove_submissions
from tests.factories import QuoteFactory, SubmissionFactory, TriageNoteFactory

pytestmark = pytest.mark.django_db


def test_every_table_that_cascades_from_a_submission_is_deleted_from_directly():
    tables = dict(_cascading_tables() or [])

    assert tables["evidence_workloadanswer"] == "submission_id"
    assert tables["evidence_submission_themes"] == "submission_id"
    assert tables["evidence_attachment"] == "submission_id"
    assert tables["evidence_quote"] == "submission_id"
    assert tables["evidence_submissionsignature"] == "submission_id"
    assert tables["evidence_themesuggestion"] == "submission_id"
    assert tables["evidence_searchdocument"] == "submission_id"
    assert len(tables) == 15


def test_with_a_delete_receiver_connected_the_collector_deletes_and_the_receiver_hears(alice):
    submission = SubmissionFactory()
    WorkloadAnswer.objects.create(submission=submission, details="EHCP forms.")
    TriageNoteFactory(submission=submission, author=alice)
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance.reference)

    post_delete.connect(receiver, sender=Submission)
    try:
        assert _cascading_tables() is None
        remove_submissions(ids=[submission.pk], references=[submission.reference])
    finally:
        post_delete.disconnect(receiver, sender=Submission)

    assert heard == [submission.reference]
    assert not Submission.objects.exists()
    assert not WorkloadAnswer.objects.exists() and not TriageNote.objects.exists()


@pytest.mark.postgres
def test_its_quotes_go_and_quotes_removed_names_them(postgres, alice):
    kept, gone = QuoteFactory(), QuoteFactory()
    second = QuoteFactory(submission=gone.submission)
    heard = []

    def receiver(sender, quote_ids, **kwargs):
        heard.append(sorted(quote_ids))

    quotes_removed.connect(receiver, sender=Quote)
    try:
        remove_submissions(ids=[gone.submission_id], references=[gone.submission.reference])
    finally:
        quotes_removed.disconnect(receiver, sender=Quote)

    assert heard == [sorted([gone.pk, second.pk])]
    assert list(Quote.objects.all()) == [kept]
