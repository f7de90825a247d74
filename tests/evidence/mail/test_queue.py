"""Handing outbox rows to Celery (evidence.mail.queue): after commit, from the relay, on "Send again".

Queuing never fails the member's request: with the broker down or hung it returns within about a
second (the socket timeouts and the one-retry publish policy in settings) and the row stays pending
for the relay, which re-queues rows whose task was lost and leaves alone rows waiting their turn.
"""

import contextlib
import logging
import time
from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from evidence.mail import queue
from evidence.mail.messages import write_acknowledgement
from evidence.mail.sending import send_outbound_email
from evidence.models import OutboundEmail
from tests.emails import assert_email_contains
from tests.factories import OutboundEmailFactory, SubmissionFactory
from tests.integration.harness import celery_broker

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


# --- Queuing after commit -------------------------------------------------------------------------


def test_it_sends_the_acknowledgement_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        member = SubmissionFactory(email="erin@example.org")
        email = write_acknowledgement(member)
        queue.send_after_commit(email)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["erin@example.org"]
    assert member.reference in mail.outbox[0].subject
    assert_email_contains(mail.outbox[0], member.reference, "What happens next")
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.sent_at is not None


def test_nothing_is_queued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email = write_acknowledgement(SubmissionFactory(email="erin@example.org"))
        queue.send_after_commit(email)
        raise RuntimeError("the submission failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


def test_send_after_commit_ignores_a_submission_without_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue.send_after_commit(write_acknowledgement(SubmissionFactory(email="")))
    assert callbacks == []


def test_queuing_never_raises_into_the_request(monkeypatch, caplog):
    email = OutboundEmailFactory(to="erin@example.org")

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379 for erin@example.org")

    monkeypatch.setattr(send_outbound_email, "apply_async", broker_down)
    with caplog.at_level(logging.WARNING, logger="evidence.mail.queue"):
        assert queue.queue_email(email.id) is False
    assert "relay will pick it up" in caplog.text
    assert "erin@example.org" not in caplog.text
    email.refresh_from_db()
    assert email.status == Status.PENDING


def test_an_smtp_error_in_eager_mode_does_not_reach_the_request(
    settings, failing_backend, django_capture_on_commit_callbacks
):
    settings.EMAIL_SEND_MAX_RETRIES = 1
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = write_acknowledgement(SubmissionFactory(email="erin@example.org"))
        queue.send_after_commit(email)
    email.refresh_from_db()
    assert email.status == Status.FAILED


# --- A broker down or hung ------------------------------------------------------------------------


@pytest.fixture
def broker_at():
    """Point the real (non-eager) Celery app at another broker URL for one test."""
    with contextlib.ExitStack() as stack:
        yield lambda url: stack.enter_context(celery_broker(url))


def queue_and_time(email_id: int) -> tuple[bool, float]:
    started = time.monotonic()
    queued = queue.queue_email(email_id)
    return queued, time.monotonic() - started


def test_queuing_with_the_broker_refusing_connections_returns_quickly(broker_at, closed_port):
    email = OutboundEmailFactory()
    broker_at(f"redis://127.0.0.1:{closed_port}/0")
    queued, elapsed = queue_and_time(email.id)
    assert queued is False
    assert elapsed < 1.5
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING


def test_queuing_with_a_broker_that_never_answers_returns_within_a_second_and_a_half(broker_at, silent_port):
    email = OutboundEmailFactory()
    broker_at(f"redis://127.0.0.1:{silent_port}/0")
    queued, elapsed = queue_and_time(email.id)
    assert queued is False
    assert elapsed < 1.5


def test_send_after_commit_with_a_hung_broker_does_not_hold_the_request(
    broker_at, silent_port, django_capture_on_commit_callbacks
):
    email = OutboundEmailFactory()
    broker_at(f"redis://127.0.0.1:{silent_port}/0")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        queue.send_after_commit(email)
    assert time.monotonic() - started < 1.5


# --- Sending again from the admin -----------------------------------------------------------------


def test_resend_gives_failed_rows_a_fresh_start_and_leaves_others_alone(django_capture_on_commit_callbacks):
    failed = OutboundEmailFactory(status=Status.FAILED, attempts=7, last_error="SMTPServerDisconnected")
    sent = OutboundEmailFactory(status=Status.SENT, attempts=1, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        resent = queue.resend_failed([failed.id, sent.id])
    assert resent == 1
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    assert (sent.status, sent.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


# --- The embedded default: no Redis ---------------------------------------------------------------


def test_with_no_redis_the_acknowledgement_is_written_to_the_mail_folder(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """No REDIS_URL: the task runs in-process after commit and the file backend writes the message."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        member = SubmissionFactory(email="erin@example.org")
        queue.send_after_commit(write_acknowledgement(member))
    [written] = list((tmp_path / "mail").iterdir())
    message = message_from_bytes(written.read_bytes())
    assert message["Subject"] == f"We have received your evidence: {member.reference}"
    assert message["Message-ID"].startswith(f"<ack.{member.reference}@")
    assert_email_contains(message, member.reference, "What happens next")
    assert OutboundEmail.objects.get().status == Status.SENT


# --- The relay ------------------------------------------------------------------------------------


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


def test_a_relayed_row_is_sent(settings, now):
    from django.core import mail

    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    lost = row(now, age=400)
    queue.relay()
    lost.refresh_from_db()
    assert lost.status == Status.SENT
    assert len(mail.outbox) == 1
