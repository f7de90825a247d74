"""Restriction of processing (evidence.privacy.restriction): Alice puts it on and lifts it; the figures,
the history and the audit log follow."""

import pytest

from evidence.choices import Status
from evidence.models import AuditEvent, Submission, SubmissionChange
from evidence.privacy.restriction import lift_restriction, restrict
from evidence.weeks import IsoWeek
from tests.evidence.conftest import counted_in, weekly_figures
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def test_restricting_takes_it_out_of_the_figures_and_lifting_counts_it_again(alice):
    submission, other = SubmissionFactory(themes=["banding"]), SubmissionFactory()
    counted_in([submission, other])
    week = str(IsoWeek.current(submission.received_at))

    assert restrict(submissions=[submission], by=alice) == 1
    assert weekly_figures()[week, "all", ""] == 1
    assert (week, "theme", "banding") not in weekly_figures()
    assert Submission.objects.counted().count() == 1

    assert lift_restriction(submissions=[submission], by=alice) == 1
    assert weekly_figures()[week, "all", ""] == 2
    assert weekly_figures()[week, "theme", "banding"] == 1


def test_each_change_is_in_the_history_and_the_audit_log_with_the_reference_only(alice):
    submission = SubmissionFactory(name="Erin Evans", email="erin@example.org")

    restrict(submissions=Submission.objects.all(), by=alice)
    lift_restriction(submissions=[submission.pk], by=alice)

    history = SubmissionChange.objects.filter(submission=submission).order_by("id")
    assert [(c.field, c.old_value, c.new_value, c.changed_by) for c in history] == [
        ("restricted", "Not restricted", "Restricted", alice),
        ("restricted", "Restricted", "Not restricted", alice),
    ]
    events = AuditEvent.objects.order_by("id")
    assert [(e.action, e.actor, e.target, e.detail) for e in events] == [
        ("restrict", "alice", submission.reference, ""),
        ("unrestrict", "alice", submission.reference, ""),
    ]


def test_asking_again_changes_nothing(alice):
    submission = SubmissionFactory(restricted=True)

    assert restrict(submissions=[submission], by=alice) == 0
    assert lift_restriction(submissions=[SubmissionFactory()], by=alice) == 0

    assert not SubmissionChange.objects.exists()
    assert not AuditEvent.objects.exists()
    assert weekly_figures() == {}


def test_restricting_and_lifting_spam_never_touches_the_figures(alice):
    spam = SubmissionFactory(status=Status.SPAM)

    restrict(submissions=[spam], by=alice)
    lift_restriction(submissions=[spam], by=alice)

    assert weekly_figures() == {}
