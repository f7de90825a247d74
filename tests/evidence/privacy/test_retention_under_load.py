"""The retention purge at a size CI can afford (issue 11's "Done when"), on PostgreSQL: 3,000 demo
submissions over sixteen weeks, about half past the retention period, purged in batches while a member
keeps sending evidence through submission_create. Every batch commits within a second, every Send
finishes within a second, and the weekly figures change only by what the member sent.

bench/purge.py measures the same at a million rows.
"""

import threading
import time
import uuid

import pytest
from django.db import connection

from evidence.choices import Programme, YesNoNotSure
from evidence.demo.seed import create_demo_submissions
from evidence.models import Submission
from evidence.models.figures import figure_keys, week_of
from evidence.privacy import retention
from evidence.submissions.create import submission_create
from evidence.submissions.draft import AboutYou, ContactDetails, SubmissionDraft
from evidence.triage import dashboard
from tests.conftest import load_reference_data
from tests.evidence.conftest import weekly_figures
from tests.factories import local_authority

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SEEDED = 3000
RETENTION_DAYS = 56  # eight of the sixteen weeks the demo data spreads over


def member_draft(authority_id: int) -> SubmissionDraft:
    return SubmissionDraft(
        about=AboutYou(role="senco", phase="primary", setting="maintained", local_authority_id=authority_id),
        theme_slugs=("workload", "sv-dbv"),
        answers={
            "workload": {"cause_ehcp_processes": True, "details": "EHCP forms."},
            "sv-dbv": {
                "local_authority_id": authority_id,
                "programme": Programme.DBV,
                "plan_stage": "agreed",
                "plan_published": YesNoNotSure.NO,
                "schools_consulted": YesNoNotSure.NO,
            },
        },
        experience="Our SENCO spends three days a week on paperwork.",
        contact=ContactDetails(name="Erin Evans", email="erin@example.org", consent_to_contact=True),
        journey_key=uuid.uuid4(),
    )


class Member(threading.Thread):
    """Erin, sending evidence again and again until told to stop, timing each Send."""

    def __init__(self, authority_id: int) -> None:
        super().__init__(daemon=True)
        self.authority_id = authority_id
        self.stop = threading.Event()
        self.seconds: list[float] = []
        self.references: list[str] = []
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                submission = submission_create(draft=member_draft(self.authority_id))
                self.seconds.append(time.perf_counter() - started)
                self.references.append(submission.reference)
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.failure = exc
        finally:
            connection.close()


def added_by(references: list[str]) -> dict[tuple[str, str, str], int]:
    added: dict[tuple[str, str, str], int] = {}
    for submission in Submission.objects.filter(reference__in=references).select_related("local_authority"):
        for dimension, value in figure_keys(submission):
            key = (str(week_of(submission)), dimension, value)
            added[key] = added.get(key, 0) + 1
    return added


def test_the_purge_commits_each_batch_within_a_second_while_members_send(postgres, settings):
    load_reference_data()
    settings.EVIDENCE_RETENTION_DAYS = RETENTION_DAYS
    create_demo_submissions(SEEDED, seed=42)
    expired = retention.count_expired()
    assert 0.35 * SEEDED < expired < 0.65 * SEEDED, "about half the demo data is past its retention"
    figures_before = weekly_figures()
    history_before = dashboard.weekly_by_theme()
    member = Member(local_authority("Kent").pk)

    member.start()
    try:
        while len(member.seconds) < 3 and member.is_alive():  # the member is sending before it starts
            time.sleep(0.01)
        purged = retention.purge_expired_evidence(batch_size=200)
        during = len(member.seconds)
    finally:
        member.stop.set()
        member.join(timeout=30)

    assert member.failure is None, member.failure
    assert purged.submissions == expired
    assert purged.batches >= -(-expired // 200)
    assert max(purged.batch_sizes) <= 200
    assert purged.longest_batch_seconds < 1.0, purged.batch_seconds
    assert during > 3, "the member kept sending while the purge ran"
    assert max(member.seconds) < 1.0, sorted(member.seconds)[-5:]
    assert not Submission.objects.filter(retention.expired()).exists()
    assert Submission.objects.filter(reference__in=member.references).count() == len(member.references)
    # The figures outlive the purged rows: the only change is what the member sent meanwhile.
    expected = dict(figures_before)
    for key, count in added_by(member.references).items():
        expected[key] = expected.get(key, 0) + count
    assert weekly_figures() == expected
    history_after = dashboard.weekly_by_theme()
    assert [(w.start, w.total, w.by_theme) for w in history_after[:-1]] == [
        (w.start, w.total, w.by_theme) for w in history_before[:-1]
    ]
    assert history_after[-1].total == history_before[-1].total + len(member.references)
