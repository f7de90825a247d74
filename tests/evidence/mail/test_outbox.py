"""Delivering one outbox row (evidence.mail.outbox): the claim, the send, back-off and errors.

Queuing rows is ``evidence.mail.queue`` (test_queue.py); the task's own retries, test_sending.py.
"""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from evidence.mail import outbox
from evidence.models import OutboundEmail
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


# --- The claim ------------------------------------------------------------------------------------


def test_a_claim_takes_a_pending_row_once():
    email = OutboundEmailFactory()
    claimed = outbox.claim(email.id)
    assert claimed.status == Status.SENDING
    assert claimed.attempts == 1
    assert claimed.claimed_at is not None
    assert outbox.claim(email.id) is None


@pytest.mark.parametrize("status", [Status.SENT, Status.FAILED])
def test_a_finished_row_is_never_claimed(status):
    email = OutboundEmailFactory(status=status, claimed_at=timezone.now() - timedelta(days=1))
    assert outbox.claim(email.id) is None
    email.refresh_from_db()
    assert email.status == status
    assert email.attempts == 0


def test_a_row_being_sent_is_not_claimed_by_another_worker(settings):
    claimed_at = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT - 5)
    email = OutboundEmailFactory(status=Status.SENDING, claimed_at=claimed_at, attempts=1)
    assert outbox.claim(email.id) is None


def test_a_row_whose_worker_died_is_claimed_again_after_the_hard_time_limit(settings):
    claimed_at = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5)
    email = OutboundEmailFactory(status=Status.SENDING, claimed_at=claimed_at, attempts=1)
    claimed = outbox.claim(email.id)
    assert claimed.attempts == 2
    assert claimed.claimed_at > claimed_at


def test_a_claim_for_a_missing_row_gives_none():
    assert outbox.claim(987654) is None


# --- Delivering -----------------------------------------------------------------------------------


def test_it_sends_text_and_html_with_the_message_id_from_the_key():
    email = OutboundEmailFactory(idempotency_key="ack:SEND-AAAA-BBBB")
    assert outbox.deliver(email.id) == outbox.Delivery(Status.SENT)
    [message] = mail.outbox
    assert message.body == email.text_body
    assert message.alternatives[0][0] == email.html_body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["Message-ID"] == email.message_id
    assert message.message()["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 1, "")


def test_a_transient_failure_puts_the_row_back_with_its_back_off(settings, failing_backend):
    settings.EMAIL_SEND_MAX_RETRIES = 3
    email = OutboundEmailFactory(to="erin@example.org")
    before = timezone.now()
    delivery = outbox.deliver(email.id)
    assert delivery.status == Status.PENDING
    assert 0 <= delivery.retry_in <= settings.EMAIL_RETRY_BACKOFF_SECONDS
    email.refresh_from_db()
    assert email.status == Status.PENDING
    assert email.attempts == 1
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert before <= email.next_attempt_at <= timezone.now() + timedelta(seconds=delivery.retry_in)


def test_a_fault_in_the_message_fails_the_row_at_once(monkeypatch):
    email = OutboundEmailFactory()

    def broken(email):
        raise ValueError("Header values may not contain linefeed or carriage return characters")

    monkeypatch.setattr(outbox, "_send", broken)
    assert outbox.deliver(email.id).status == Status.FAILED
    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert email.last_error.startswith("ValueError")


@pytest.mark.parametrize("retries_so_far", [0, 1, 3, 10, 100])
def test_the_back_off_grows_exponentially_with_full_jitter_up_to_the_cap(
    settings, monkeypatch, retries_so_far
):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 30
    settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS = 1800
    ceiling = min(1800, 30 * 2**retries_so_far)
    monkeypatch.setattr(outbox.random, "uniform", lambda low, high: (low, high))
    assert outbox.retry_countdown(retries_so_far) == (0, ceiling)


def test_the_back_off_is_random_within_its_bounds(settings):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 30
    values = [outbox.retry_countdown(2) for _ in range(200)]
    assert all(0 <= value <= 120 for value in values)
    assert len(set(values)) > 100


@pytest.mark.parametrize(
    "exc",
    [
        smtplib.SMTPRecipientsRefused({"erin@example.org": (550, b"No such user")}),
        smtplib.SMTPResponseException(550, b"5.1.1 <erin@example.org>: Recipient address rejected"),
        smtplib.SMTPSenderRefused(553, b"not permitted", "education@mail.nasuwat.org.uk"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
    ],
)
def test_errors_are_recorded_without_addresses(exc):
    described = outbox.describe_error(exc)
    assert described.startswith(type(exc).__name__)
    assert "erin" not in described
    assert "@" not in described
    assert len(described) <= 250


# --- Two workers at once --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_claims_on_postgresql_give_the_row_to_one_worker(postgres):
    import threading

    from django.db import connection

    email = OutboundEmailFactory()
    barrier = threading.Barrier(8)
    results: list[OutboundEmail | None] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(outbox.claim(email.id))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([claimed for claimed in results if claimed is not None]) == 1
    email.refresh_from_db()
    assert email.attempts == 1
