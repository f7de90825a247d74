"""The relay re-queues rows whose task was lost, and leaves alone rows that are waiting their turn."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.mail import queue
from evidence.models import OutboundEmail
from evidence.tasks import relay_outbox
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


@pytest.fixture
def queued(monkeypatch):
    """Record what the relay queues instead of sending it."""
    ids: list[int] = []

    def record(email_id: int) -> bool:
        ids.append(email_id)
        return True

    monkeypatch.setattr(queue, "queue_email", record)
    return ids


@pytest.fixture
def now():
    return timezone.now()


def row(
    now, *, age: float, status=Status.PENDING, due_in: float | None = None, claimed_ago: float | None = None
):
    created = now - timedelta(seconds=age)
    return OutboundEmailFactory(
        status=status,
        created_at=created,
        next_attempt_at=created if due_in is None else now + timedelta(seconds=due_in),
        claimed_at=None if claimed_ago is None else now - timedelta(seconds=claimed_ago),
    )


def test_it_requeues_pending_rows_older_than_the_relay_delay(settings, queued, now):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    lost = row(now, age=301)
    fresh = row(now, age=60)
    result = queue.relay(now=now)
    assert queued == [lost.id]
    assert result == queue.RelayResult(requeued_pending=1, requeued_stuck=0, not_queued=0)
    assert fresh.id not in queued


def test_a_row_waiting_for_its_retry_is_not_requeued_early(settings, queued, now):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    row(now, age=3600, due_in=600)
    row(now, age=3600, due_in=-200)  # due, but its retry task may still arrive: give it the relay delay
    assert queue.relay(now=now).requeued_pending == 0
    assert queued == []


def test_a_retry_whose_task_was_lost_is_requeued_after_the_relay_delay(settings, queued, now):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    lost_retry = row(now, age=3600, due_in=-301)
    queue.relay(now=now)
    assert queued == [lost_retry.id]


def test_a_requeued_row_is_not_requeued_again_at_the_next_minute(settings, queued, now):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    row(now, age=301)
    queue.relay(now=now)
    queue.relay(now=now + timedelta(seconds=60))
    assert len(queued) == 1
    queue.relay(now=now + timedelta(seconds=301))
    assert len(queued) == 2


def test_it_requeues_rows_stuck_in_sending_after_the_hard_time_limit(settings, queued, now):
    settings.CELERY_TASK_TIME_LIMIT = 90
    stuck = row(now, age=600, status=Status.SENDING, claimed_ago=91)
    busy = row(now, age=600, status=Status.SENDING, claimed_ago=30)
    result = queue.relay(now=now)
    assert queued == [stuck.id]
    assert result.requeued_stuck == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == Status.PENDING
    assert "worker stopped" in stuck.last_error
    assert busy.status == Status.SENDING


@pytest.mark.parametrize("status", [Status.SENT, Status.FAILED])
def test_it_never_requeues_finished_rows(queued, now, status):
    row(now, age=86400, status=status, claimed_ago=86400)
    queue.relay(now=now)
    assert queued == []


def test_it_works_in_bounded_batches(settings, queued, now, monkeypatch):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    monkeypatch.setattr(queue, "RELAY_BATCH_SIZE", 3)
    rows = [row(now, age=1000 + n) for n in range(5)]
    assert queue.relay(now=now).requeued_pending == 3
    assert sorted(queued) == sorted(r.id for r in rows[2:])  # the longest overdue first


def test_it_stops_queuing_when_the_broker_is_down(settings, monkeypatch, now):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    attempts: list[int] = []

    def broker_down(email_id: int) -> bool:
        attempts.append(email_id)
        return False

    monkeypatch.setattr(queue, "queue_email", broker_down)
    for n in range(3):
        row(now, age=1000 + n)
    result = queue.relay(now=now)
    assert len(attempts) == 1
    assert result == queue.RelayResult(requeued_pending=0, requeued_stuck=0, not_queued=3)


def test_the_relay_task_returns_its_counts(settings, queued):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    row(timezone.now(), age=400)
    result = relay_outbox.apply().get()
    assert result == {"requeued_pending": 1, "requeued_stuck": 0, "not_queued": 0}


def test_a_relayed_row_is_sent(settings, now):
    from django.core import mail

    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    lost = row(now, age=400)
    queue.relay()
    lost.refresh_from_db()
    assert lost.status == Status.SENT
    assert len(mail.outbox) == 1
