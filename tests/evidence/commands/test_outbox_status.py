"""manage.py outbox_status: counts by status and how long the oldest pending email has waited."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from evidence.management.commands.outbox_status import format_age
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db


def outbox_status() -> str:
    out = StringIO()
    call_command("outbox_status", stdout=out)
    return out.getvalue()


def test_an_empty_outbox():
    output = outbox_status()
    for status in ("pending", "sending", "sent", "failed"):
        assert f"{status:<8} 0" in output
    assert "oldest pending: none pending" in output


def test_it_counts_each_status_and_ages_the_oldest_pending():
    now = timezone.now()
    OutboundEmailFactory(created_at=now - timedelta(minutes=7))
    OutboundEmailFactory(created_at=now - timedelta(minutes=1))
    OutboundEmailFactory(status="sent")
    OutboundEmailFactory(status="failed")
    OutboundEmailFactory(status="failed")
    output = outbox_status()
    assert "pending  2" in output
    assert "sending  0" in output
    assert "sent     1" in output
    assert "failed   2" in output
    assert "oldest pending: 7 min" in output
    assert "Send again" in output


def test_it_shows_no_addresses_or_subjects():
    OutboundEmailFactory(to="erin@example.org", subject="We have received your evidence: SEND-AAAA-BBBB")
    output = outbox_status()
    assert "erin@example.org" not in output
    assert "SEND-AAAA" not in output


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(5, "5 s"), (119, "119 s"), (600, "10 min"), (3 * 3600, "3 h"), (3 * 86400, "3 days")],
)
def test_ages_read_naturally(seconds, shown):
    assert format_age(seconds) == shown


def test_it_shows_the_backlog_the_oldest_due_row_and_the_expected_drain():
    now = timezone.now()
    for _ in range(6):
        OutboundEmailFactory(status="sent", sent_at=now - timedelta(minutes=1))
    OutboundEmailFactory(status="sent", sent_at=now - timedelta(hours=1))  # outside the rate window
    for _ in range(3):
        OutboundEmailFactory(next_attempt_at=now - timedelta(minutes=4))
    OutboundEmailFactory(next_attempt_at=now - timedelta(seconds=30), not_queued=True)
    OutboundEmailFactory(next_attempt_at=now + timedelta(minutes=10))  # waiting out a back-off
    OutboundEmailFactory(status="sending", claimed_at=now)
    output = outbox_status()
    assert "backlog: 5 (4 due, of which 1 not queued; 1 sending); 1 waiting to retry" in output
    assert "oldest due: 4 min" in output
    assert "sent in the last 5 min: 6 (0.0 a second)" in output
    # 5 rows at 6 per 300 s
    assert "expected drain: 4 min" in output


def test_with_nothing_sent_lately_the_drain_time_is_unknown():
    OutboundEmailFactory(next_attempt_at=timezone.now() - timedelta(minutes=1))
    output = outbox_status()
    assert "expected drain: unknown, nothing was sent in the last 5 min" in output


def test_with_no_backlog_the_drain_takes_no_time():
    output = outbox_status()
    assert "backlog: 0" in output
    assert "oldest due: none due" in output
    assert "expected drain: 0 s" in output
