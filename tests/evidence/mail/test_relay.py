"""The outbox relay (evidence.mail.queue.relay): it queues every due row in one run, in batches, and
leaves alone rows waiting their turn; rows the broker never had go as soon as it answers again.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from evidence.mail import queue
from evidence.models import OutboundEmail
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


# --- The relay ------------------------------------------------------------------------------------


@pytest.fixture
def queued(monkeypatch):
    """Record what the relay queues (each row's id, and its due time when that is its ETA)."""
    rows: list[tuple[int, object]] = []
    lock = threading.Lock()

    def record(batch, *, now):
        with lock:
            rows.extend((email_id, due if due > now else None) for email_id, due in batch)
        return len(batch)

    monkeypatch.setattr(queue, "queue_batch", record)
    monkeypatch.setattr(queue, "broker_was_emptied", lambda: False)
    return rows


def ids(queued) -> list[int]:
    return [email_id for email_id, _ in queued]


@pytest.fixture
def now():
    return timezone.now()


def row(
    now,
    *,
    age: float,
    status=Status.PENDING,
    due_in: float | None = None,
    claimed_ago: float | None = None,
    not_queued: bool = False,
):
    created = now - timedelta(seconds=age)
    return OutboundEmailFactory(
        status=status,
        created_at=created,
        next_attempt_at=created if due_in is None else now + timedelta(seconds=due_in),
        claimed_at=None if claimed_ago is None else now - timedelta(seconds=claimed_ago),
        not_queued=not_queued,
    )


def test_it_requeues_pending_rows_older_than_the_relay_delay(settings, queued, now):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    lost = row(now, age=301)
    fresh = row(now, age=60)
    result = queue.relay(now=now)
    assert ids(queued) == [lost.id]
    assert result == queue.RelayResult(requeued_pending=1, requeued_stuck=0, not_queued=0)
    assert fresh.id not in ids(queued)


def test_a_row_the_broker_never_had_is_queued_at_once(settings, queued, now):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    waiting = row(now, age=5, not_queued=True)
    result = queue.relay(now=now)
    assert ids(queued) == [waiting.id]
    assert result.requeued_pending == 1
    waiting.refresh_from_db()
    assert waiting.not_queued is False
    queue.relay(now=now + timedelta(seconds=1))
    assert len(queued) == 1, "queued once"


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
    assert ids(queued) == [lost_retry.id]


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
    assert ids(queued) == [stuck.id]
    assert result.requeued_stuck == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == Status.PENDING
    assert "worker stopped" in stuck.last_error
    assert busy.status == Status.SENDING


@pytest.mark.parametrize("status", [Status.SENT, Status.FAILED])
def test_it_never_requeues_finished_rows(queued, now, status):
    row(now, age=86400, status=status, claimed_ago=86400, not_queued=True)
    queue.relay(now=now)
    assert queued == []


def test_one_run_drains_every_due_row_batch_after_batch(settings, queued, now, monkeypatch):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    monkeypatch.setattr(queue, "RELAY_BATCH_SIZE", 3)
    overdue = [row(now, age=1000 + n) for n in range(7)]
    never_queued = [row(now, age=10, not_queued=True) for _ in range(4)]
    result = queue.relay(now=now)
    assert result.requeued_pending == 11
    assert sorted(ids(queued)) == sorted(r.id for r in overdue + never_queued)
    assert ids(queued)[4:] == [r.id for r in reversed(overdue)], "the longest overdue first"


def test_a_run_stops_at_its_time_budget_and_queues_the_next(settings, queued, now, monkeypatch):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    settings.OUTBOX_RELAY_BUDGET_SECONDS = 10
    monkeypatch.setattr(queue, "RELAY_BATCH_SIZE", 2)
    for n in range(5):
        row(now, age=1000 + n)
    clock = [0.0]
    monkeypatch.setattr(queue.time, "monotonic", lambda: clock[0])
    record = queue.queue_batch

    def slow_batch(batch, *, now):
        clock[0] += 6  # each batch takes six seconds
        return record(batch, now=now)

    monkeypatch.setattr(queue, "queue_batch", slow_batch)
    relays: list[str] = []
    monkeypatch.setattr(queue, "queue_relay", lambda: relays.append("relay"))
    assert queue.relay(now=now).requeued_pending == 4
    assert relays == ["relay"]


def test_rows_the_relay_could_not_queue_are_due_again_as_soon_as_the_broker_answers(
    settings, monkeypatch, now
):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    monkeypatch.setattr(queue, "broker_was_emptied", lambda: False)
    batches: list[int] = []

    def broker_down(batch, *, now):
        batches.append(len(batch))
        return 0

    monkeypatch.setattr(queue, "queue_batch", broker_down)
    rows = [row(now, age=1000 + n) for n in range(3)]
    result = queue.relay(now=now)
    assert batches == [3], "one try, then the run stops"
    assert result == queue.RelayResult(requeued_pending=0, requeued_stuck=0, not_queued=3)
    assert all(OutboundEmail.objects.get(id=r.id).not_queued for r in rows)


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside the relay: nothing after it runs."""


def test_a_relay_stopped_after_queuing_leaves_its_rows_due_for_the_next_run(settings, monkeypatch, now):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    monkeypatch.setattr(queue, "broker_was_emptied", lambda: False)
    waiting = [row(now, age=5, not_queued=True) for _ in range(3)]

    def queued_then_killed(batch, *, now):
        raise WorkerKilled  # the tasks may be in the broker; the process is gone before the mark

    monkeypatch.setattr(queue, "queue_batch", queued_then_killed)
    with pytest.raises(WorkerKilled):
        queue.relay(now=now)

    # Still not_queued, so the next run queues them at once (not OUTBOX_RELAY_AFTER_SECONDS later);
    # any task that did reach the broker finds its row claimed or sent and does nothing twice.
    assert all(OutboundEmail.objects.get(id=r.id).not_queued for r in waiting)
    queued: list[int] = []
    monkeypatch.setattr(
        queue, "queue_batch", lambda batch, *, now: queued.extend(i for i, _ in batch) or len(batch)
    )
    queue.relay(now=now + timedelta(seconds=60))
    assert sorted(queued) == sorted(r.id for r in waiting)


def test_once_the_broker_has_lost_what_it_held_every_pending_row_is_queued_with_its_back_off(
    settings, queued, now, monkeypatch
):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    monkeypatch.setattr(queue, "broker_was_emptied", lambda: True)
    monkeypatch.setattr(queue, "RELAY_BATCH_SIZE", 2)
    just_queued = row(now, age=2)
    backing_off = row(now, age=100, due_in=40)
    never_queued = row(now, age=3, not_queued=True)
    stuck = row(now, age=600, status=Status.SENDING, claimed_ago=settings.CELERY_TASK_TIME_LIMIT + 1)
    row(now, age=50, status=Status.SENT)
    result = queue.relay(now=now)
    assert result == queue.RelayResult(requeued_pending=3, requeued_stuck=1, not_queued=0)
    assert sorted(queued, key=lambda r: r[0]) == sorted(
        [
            (just_queued.id, None),
            (backing_off.id, backing_off.next_attempt_at),
            (never_queued.id, None),
            (stuck.id, None),
        ],
        key=lambda r: r[0],
    )


def test_a_walk_through_every_pending_row_cut_short_is_walked_again_next_run(
    settings, queued, now, monkeypatch
):
    settings.OUTBOX_RELAY_BUDGET_SECONDS = 10
    monkeypatch.setattr(queue, "broker_was_emptied", lambda: True)
    monkeypatch.setattr(queue, "RELAY_BATCH_SIZE", 2)
    monkeypatch.setattr(queue, "queue_relay", lambda: None)
    forgotten: list[bool] = []
    monkeypatch.setattr(queue, "forget_broker_mark", lambda: forgotten.append(True))
    for n in range(5):
        row(now, age=10 + n)
    clock = [0.0]
    monkeypatch.setattr(queue.time, "monotonic", lambda: clock[0])
    record = queue.queue_batch

    def slow_batch(batch, *, now):
        clock[0] += 6
        return record(batch, now=now)

    monkeypatch.setattr(queue, "queue_batch", slow_batch)
    assert queue.relay(now=now).requeued_pending == 4
    assert forgotten == [True]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_relays_at_once_on_postgresql_never_queue_a_row_twice(
    postgres, settings, queued, now, monkeypatch
):
    from django.db import connection

    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    monkeypatch.setattr(queue, "RELAY_BATCH_SIZE", 7)
    rows = [row(now, age=1000, not_queued=n % 2 == 0) for n in range(120)]
    barrier = threading.Barrier(4)

    def relay() -> None:
        try:
            barrier.wait()
            queue.relay()
        finally:
            connection.close()

    threads = [threading.Thread(target=relay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ids(queued)) == sorted(r.id for r in rows)


def test_a_relayed_row_is_sent(settings, now, monkeypatch):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    monkeypatch.setattr(queue, "broker_was_emptied", lambda: False)
    lost = row(now, age=400)
    queue.relay()
    lost.refresh_from_db()
    assert lost.status == Status.SENT
    assert len(mail.outbox) == 1


# --- The broker, for real -------------------------------------------------------------------------


@pytest.fixture
def real_broker(broker_at, redis_url):
    """This process's Celery app publishing to the test Redis (emptied before and after)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    broker_at(redis_url)
    yield client
    client.flushdb()


def test_the_relay_notices_when_the_broker_has_lost_what_it_held(real_broker):
    assert queue.broker_was_emptied() is True, "no mark yet: the first look cannot know"
    assert queue.broker_was_emptied() is False
    real_broker.flushdb()  # as a Redis restarted without its data
    assert queue.broker_was_emptied() is True
    queue.forget_broker_mark()  # a run that could not finish its walk
    assert queue.broker_was_emptied() is True


def test_a_batch_reaches_the_broker_in_one_go_with_its_etas(real_broker, now):
    import json

    due = [(n, now - timedelta(seconds=5)) for n in range(1, 6)]
    later = now + timedelta(seconds=90)
    assert queue.queue_batch([*due, (6, later)], now=now) == 6
    messages = [json.loads(m) for m in real_broker.lrange("mail", 0, -1)]
    assert sorted(m["headers"]["argsrepr"] for m in messages) == [f"({n},)" for n in range(1, 7)]
    assert {m["headers"]["task"] for m in messages} == {"evidence.tasks.send_outbound_email"}
    etas = {m["headers"]["argsrepr"]: m["headers"]["eta"] for m in messages}
    assert etas["(6,)"] == later.isoformat()
    assert etas["(1,)"] is None


def test_a_relayed_row_and_the_relay_itself_are_queued_on_the_mail_queue(real_broker, settings, now):
    import json

    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    lost = row(now, age=400)
    queue.relay()
    queue.queue_relay()
    tasks = [json.loads(m)["headers"] for m in real_broker.lrange("mail", 0, -1)]
    assert {(t["task"], t["argsrepr"]) for t in tasks} == {
        ("evidence.tasks.send_outbound_email", f"({lost.id},)"),
        ("evidence.tasks.relay_outbox", "()"),
    }
    assert real_broker.llen("celery") == 0
    assert real_broker.llen("default") == 0


def test_a_batch_the_broker_refuses_counts_as_not_queued(broker_at, closed_port, now):
    broker_at(f"redis://127.0.0.1:{closed_port}/0")
    started = time.monotonic()
    assert queue.queue_batch([(1, now), (2, now)], now=now) == 0
    assert time.monotonic() - started < 3
