"""Alice's triage changes (evidence.triage.changes): each one recorded with who, when, from and to."""

import pytest

from evidence.choices import Priority, Status
from evidence.models import Submission, SubmissionChange, TriageNote
from evidence.triage import changes as triage
from evidence.weeks import IsoWeek
from tests.evidence.conftest import counted_in, weekly_figures
from tests.factories import SubmissionFactory, theme

pytestmark = pytest.mark.django_db


def changes():
    return list(
        SubmissionChange.objects.order_by("id").values_list(
            "field", "old_value", "new_value", "changed_by__username"
        )
    )


def test_set_status_changes_it_and_records_who_and_what(alice):
    submission = SubmissionFactory()
    assert triage.set_status(submissions=[submission], status=Status.FOLLOW_UP, by=alice) == 1
    submission.refresh_from_db()
    assert submission.status == "follow-up"
    assert changes() == [("status", "New", "Follow up", "alice")]
    assert SubmissionChange.objects.get().changed_at is not None


def test_setting_the_same_status_again_records_nothing(alice):
    submission = SubmissionFactory(status=Status.IN_REVIEW)
    assert triage.set_status(submissions=[submission], status=Status.IN_REVIEW, by=alice) == 0
    assert changes() == []


def test_set_status_refuses_an_unknown_status(alice):
    with pytest.raises(ValueError):
        triage.set_status(submissions=[SubmissionFactory()], status="lost", by=alice)


def test_alice_assigns_to_frank_and_unassigns(alice, frank):
    submission = SubmissionFactory()
    assert triage.assign(submissions=[submission.pk], assignee=frank, by=alice) == 1
    assert triage.assign(submissions=[submission.pk], assignee=frank, by=alice) == 0
    assert triage.assign(submissions=[submission.pk], assignee=None, by=alice) == 1
    submission.refresh_from_db()
    assert submission.assignee is None
    assert changes() == [("assignee", "", "frank", "alice"), ("assignee", "frank", "", "alice")]


def test_set_priority(alice):
    submission = SubmissionFactory()
    triage.set_priority(submissions=Submission.objects.all(), priority=Priority.HIGH, by=alice)
    submission.refresh_from_db()
    assert submission.priority == Priority.HIGH
    assert changes() == [("priority", "Normal", "High", "alice")]


def test_mark_spam(alice):
    submission = SubmissionFactory()
    assert triage.mark_spam(submissions=[submission], by=alice) == 1
    submission.refresh_from_db()
    assert submission.status == Status.SPAM
    assert changes() == [("status", "New", "Spam", "alice")]


def test_bulk_changes_only_what_differs_and_counts_it(alice):
    already = SubmissionFactory.create_batch(3, status=Status.CLOSED)
    others = SubmissionFactory.create_batch(600)  # more than one batch of updates
    count = triage.set_status(submissions=Submission.objects.all(), status=Status.CLOSED, by=alice)
    assert count == len(others)
    assert SubmissionChange.objects.count() == len(others)
    assert not SubmissionChange.objects.filter(submission__in=already).exists()
    assert set(Submission.objects.values_list("status", flat=True)) == {"closed"}


def test_staff_themes_are_set_apart_from_the_members_own(alice):
    submission = SubmissionFactory(themes=["workload"])
    assert triage.set_staff_themes(
        submission=submission, themes=[theme("banding"), theme("training")], by=alice
    )
    assert not triage.set_staff_themes(
        submission=submission, themes=[theme("training"), theme("banding")], by=alice
    )
    assert sorted(submission.staff_themes.values_list("slug", flat=True)) == ["banding", "training"]
    assert list(submission.themes.values_list("slug", flat=True)) == ["workload"]
    assert changes() == [
        ("staff_themes", "", "Local authority banding, SEND training and development", "alice")
    ]


def test_add_note_sets_the_author_and_refuses_an_empty_note(alice):
    submission = SubmissionFactory()
    note = triage.add_note(submission=submission, author=alice, text="  Rang the member.  ")
    assert (note.text, note.author, note.submission) == ("Rang the member.", alice, submission)
    with pytest.raises(ValueError):
        triage.add_note(submission=submission, author=alice, text="   ")
    assert TriageNote.objects.count() == 1


# --- Spam and the weekly figures --------------------------------------------------------------------


def test_marking_spam_takes_it_out_of_the_weekly_figures_and_unmarking_counts_it_again(alice):
    submission, other = SubmissionFactory(), SubmissionFactory()
    counted_in([submission, other])
    week = str(IsoWeek.current(submission.received_at))
    assert weekly_figures()[week, "all", ""] == 2

    triage.mark_spam(submissions=[submission], by=alice)
    assert weekly_figures()[week, "all", ""] == 1
    assert weekly_figures()[week, "theme", "workload"] == 1

    triage.set_status(submissions=[submission], status=Status.IN_REVIEW, by=alice)
    assert weekly_figures()[week, "all", ""] == 2


def test_a_change_between_statuses_that_are_not_spam_leaves_the_figures_alone(alice):
    submission = SubmissionFactory()
    counted_in([submission])
    before = weekly_figures()

    triage.set_status(submissions=[submission], status=Status.CLOSED, by=alice)
    triage.mark_spam(submissions=[SubmissionFactory(status=Status.SPAM)], by=alice)  # spam already

    assert weekly_figures() == before


def test_a_restricted_submission_taken_out_of_spam_still_does_not_count(alice):
    submission = SubmissionFactory(status=Status.SPAM, restricted=True)

    triage.set_status(submissions=[submission], status=Status.NEW, by=alice)

    assert weekly_figures() == {}
