"""How the outbox stands (evidence.mail.backlog): the figures operators and metrics read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.mail.backlog import outbox_status
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db


def test_the_backlog_is_what_is_due_and_what_is_being_sent(django_assert_num_queries):
    now = timezone.now()
    OutboundEmailFactory(next_attempt_at=now - timedelta(seconds=90))
    OutboundEmailFactory(next_attempt_at=now - timedelta(seconds=10), not_queued=True)
    OutboundEmailFactory(next_attempt_at=now + timedelta(seconds=600))
    OutboundEmailFactory(status="sending", claimed_at=now)
    OutboundEmailFactory(status="failed")
    with django_assert_num_queries(1):
        status = outbox_status(now=now)
    assert (status.due, status.not_queued, status.waiting_to_retry, status.backlog) == (2, 1, 1, 3)
    assert status.counts == {"pending": 3, "sending": 1, "sent": 0, "failed": 1}
    assert status.oldest_due_seconds == pytest.approx(90)


def test_the_drain_time_is_the_backlog_at_the_recent_sending_rate():
    now = timezone.now()
    for _ in range(150):
        OutboundEmailFactory(status="sent", sent_at=now - timedelta(minutes=2))
    for _ in range(20):
        OutboundEmailFactory(next_attempt_at=now)
    status = outbox_status(now=now)
    assert status.sent_per_second == pytest.approx(0.5)
    assert status.drain_seconds == pytest.approx(40)


def test_with_nothing_sent_lately_a_backlog_has_no_drain_time():
    OutboundEmailFactory(next_attempt_at=timezone.now())
    assert outbox_status().drain_seconds is None
