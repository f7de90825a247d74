"""The retention purge (evidence.privacy.retention): everything received before the cut-off goes, in
batches, with its files and outbox emails; the weekly figures stay as they were."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from evidence.mail.messages import write_acknowledgement
from evidence.models import (
    Attachment,
    AuditEvent,
    OutboundEmail,
    Submission,
    SubmissionChange,
    TriageNote,
    WorkloadAnswer,
    submission_erased,
)
from evidence.privacy import retention
from evidence.storage import AttachmentStorage
from evidence.triage import changes
from tests.evidence.conftest import counted_in, weekly_figures
from tests.factories import SubmissionFactory, TriageNoteFactory, attach_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]


def received(days_ago: float, **fields) -> Submission:
    submission = SubmissionFactory(**fields)
    Submission.objects.filter(pk=submission.pk).update(received_at=timezone.now() - timedelta(days=days_ago))
    submission.refresh_from_db()
    return submission


@pytest.mark.parametrize(
    ("now", "days", "expected"),
    [
        # Winter: London is UTC, so midnight is 00:00 UTC.
        (datetime(2026, 12, 2, 15, 0, tzinfo=UTC), 0, datetime(2026, 12, 2, 0, 0, tzinfo=UTC)),
        (datetime(2026, 12, 2, 15, 0, tzinfo=UTC), 730, datetime(2024, 12, 2, 0, 0, tzinfo=UTC)),
        # Summer: London midnight is 23:00 UTC the day before.
        (datetime(2026, 7, 15, 10, 0, tzinfo=UTC), 0, datetime(2026, 7, 14, 23, 0, tzinfo=UTC)),
        # 23:30 UTC on 14 July is already 15 July in London.
        (datetime(2026, 7, 14, 23, 30, tzinfo=UTC), 1, datetime(2026, 7, 13, 23, 0, tzinfo=UTC)),
    ],
)
def test_the_cut_off_is_london_midnight_the_retention_days_before_today(now, days, expected):
    assert retention.cut_off(now=now, days=days) == expected


def test_with_zero_days_everything_before_today_goes_and_todays_evidence_stays(settings):
    settings.EVIDENCE_RETENTION_DAYS = 0
    now = timezone.now()
    yesterday = received(1)
    today = SubmissionFactory()

    purged = retention.purge_expired_evidence(now=now)

    assert purged.submissions == 1
    assert list(Submission.objects.all()) == [today]
    assert not Submission.objects.filter(pk=yesterday.pk).exists()


def test_it_deletes_everything_the_expired_submissions_hold_and_their_files_after_commit(
    settings, alice, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_RETENTION_DAYS = 30
    old = received(31, email="erin@example.org", themes=["workload"])
    WorkloadAnswer.objects.create(submission=old, details="EHCP forms.")
    name = attach_file(old, "letter.pdf", b"%PDF-1.4 letter").file.name
    TriageNoteFactory(submission=old, author=alice)
    changes.set_priority(submissions=[old], priority=3, by=alice)
    write_acknowledgement(old)
    kept = received(29, email="frank@example.org")
    write_acknowledgement(kept)

    with django_capture_on_commit_callbacks(execute=True):
        purged = retention.purge_expired_evidence()

    assert (purged.submissions, purged.files, purged.emails) == (1, 1, 1)
    assert list(Submission.objects.all()) == [kept]
    for model in (WorkloadAnswer, Attachment, TriageNote, SubmissionChange):
        assert not model.objects.filter(submission_id=old.pk).exists()
    assert list(OutboundEmail.objects.values_list("idempotency_key", flat=True)) == [f"ack:{kept.reference}"]
    assert not AttachmentStorage().exists(name)
    assert not AuditEvent.objects.exists(), "the purge is not an erasure on request"


def test_the_weekly_figures_stay_as_they_were(settings):
    settings.EVIDENCE_RETENTION_DAYS = 30
    submissions = [received(40, themes=["banding"]), received(35), received(5)]
    counted_in(submissions)
    before = weekly_figures()

    retention.purge_expired_evidence()

    assert Submission.objects.count() == 1
    assert weekly_figures() == before


def test_it_works_in_batches_oldest_first_and_a_second_run_finds_nothing(settings):
    settings.EVIDENCE_RETENTION_DAYS = 30
    expired = [received(40 + n) for n in range(5)]
    heard: list[str] = []

    def receiver(sender, reference, **kwargs):
        heard.append(reference)

    submission_erased.connect(receiver)
    try:
        purged = retention.purge_expired_evidence(batch_size=2)
    finally:
        submission_erased.disconnect(receiver)

    assert (purged.submissions, purged.batches) == (5, 3)
    assert heard == [s.reference for s in reversed(expired)]
    assert retention.purge_expired_evidence().submissions == 0


def test_count_expired_says_how_many_would_go(settings):
    settings.EVIDENCE_RETENTION_DAYS = 30
    received(31)
    received(29)

    assert retention.count_expired() == 1
    assert Submission.objects.count() == 2


def test_a_batch_is_sized_to_take_a_quarter_of_a_second_at_the_last_ones_pace():
    assert retention.next_batch_size(size=100, took=0.5, most=1000) == 50
    assert retention.next_batch_size(size=400, took=0.2, most=1000) == 500


def test_a_batch_grows_at_most_twofold_and_stays_within_its_bounds():
    assert retention.next_batch_size(size=100, took=0.001, most=1000) == 200
    assert retention.next_batch_size(size=800, took=0.001, most=1000) == 1000
    assert retention.next_batch_size(size=100, took=30.0, most=1000) == retention.BATCH_SMALLEST
    assert retention.next_batch_size(size=2, took=30.0, most=2) == 2
