"""Erasure on request (evidence.privacy.erasure): everything about a submission goes, files after the
commit, its figures with it, and the audit log says who erased which reference."""

import pytest

from evidence.choices import Status
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
from evidence.privacy.erasure import erase_submissions
from evidence.storage import AttachmentStorage
from evidence.triage import changes
from evidence.weeks import IsoWeek
from tests.evidence.conftest import counted_in, weekly_figures
from tests.factories import OutboundEmailFactory, SubmissionFactory, TriageNoteFactory, attach_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_file_storage")]


@pytest.fixture
def held(alice):
    """Erin's submission with everything that can hang off it, and someone else's beside it."""
    submission = SubmissionFactory(name="Erin Evans", email="erin@example.org", themes=["workload"])
    WorkloadAnswer.objects.create(submission=submission, details="EHCP forms.")
    attach_file(submission, "letter.pdf", b"%PDF-1.4 letter")
    TriageNoteFactory(submission=submission, author=alice)
    changes.set_priority(submissions=[submission], priority=3, by=alice)
    write_acknowledgement(submission)
    other = SubmissionFactory(email="other@example.org", themes=["general"])
    write_acknowledgement(other)
    OutboundEmailFactory(kind="digest", idempotency_key="digest:2026-W48")
    counted_in([submission, other])
    return submission, other


def test_it_erases_the_rows_the_outbox_email_and_then_the_files(
    held, grace, django_capture_on_commit_callbacks
):
    submission, other = held
    name = Attachment.objects.get(submission=submission).file.name
    storage = AttachmentStorage()

    with django_capture_on_commit_callbacks() as callbacks:
        erased = erase_submissions(submissions=[submission], actor="grace")
        assert storage.exists(name), "the file stays until the transaction commits"
    for callback in callbacks:
        callback()

    assert (erased.references, erased.files, erased.emails) == ([submission.reference], 1, 1)
    assert not Submission.objects.filter(pk=submission.pk).exists()
    for model in (WorkloadAnswer, Attachment, TriageNote, SubmissionChange):
        assert not model.objects.filter(submission_id=submission.pk).exists()
    assert not storage.exists(name)
    assert not storage.exists(name.rsplit("/", 1)[0]), "its folder goes too"
    assert set(OutboundEmail.objects.values_list("idempotency_key", flat=True)) == {
        f"ack:{other.reference}",
        "digest:2026-W48",
    }
    assert Submission.objects.filter(pk=other.pk).exists()


def test_it_takes_the_submission_out_of_the_weekly_figures(held, grace):
    submission, _ = held
    week = str(IsoWeek.current(submission.received_at))

    erase_submissions(submissions=[submission], actor="grace")

    assert weekly_figures()[week, "all", ""] == 1
    assert (week, "theme", "workload") not in weekly_figures()


def test_erasing_spam_leaves_the_figures_as_they_were(grace):
    spam = SubmissionFactory(status=Status.SPAM)
    counted = SubmissionFactory()
    counted_in([spam, counted])
    before = weekly_figures()

    erase_submissions(submissions=[spam], actor="grace")

    assert weekly_figures() == before


def test_it_records_who_erased_which_reference_and_nothing_of_the_member(held, grace):
    submission, _ = held

    erase_submissions(submissions=Submission.objects.filter(pk=submission.pk), actor="grace")

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target) == ("erase", "grace", submission.reference)
    assert "erin" not in f"{event.target} {event.detail}".lower()


def test_it_tells_the_other_features_by_reference_inside_the_transaction(held, grace):
    submission, _ = held
    heard = []

    def receiver(sender, reference, **kwargs):
        heard.append((reference, Submission.objects.filter(reference=reference).exists()))

    submission_erased.connect(receiver)
    try:
        erase_submissions(submissions=[submission], actor="grace")
    finally:
        submission_erased.disconnect(receiver)

    assert heard == [(submission.reference, True)]


def test_erasing_again_finds_nothing_and_records_nothing(held, grace):
    submission, _ = held
    erase_submissions(submissions=[submission], actor="grace")

    again = erase_submissions(submissions=[submission], actor="grace")

    assert again.count == 0
    assert AuditEvent.objects.count() == 1


def test_a_failure_part_way_keeps_everything(held, grace, monkeypatch):
    submission, _ = held
    before = weekly_figures()

    def refuse(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(AuditEvent.objects, "bulk_create", refuse)
    with pytest.raises(RuntimeError):
        erase_submissions(submissions=[submission], actor="grace")

    assert Submission.objects.filter(pk=submission.pk).exists()
    assert OutboundEmail.objects.filter(idempotency_key=f"ack:{submission.reference}").exists()
    assert AttachmentStorage().exists(Attachment.objects.get(submission=submission).file.name)
    assert weekly_figures() == before
