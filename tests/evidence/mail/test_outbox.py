"""Delivering one outbox row (evidence.mail.outbox): the claim, the send, back-off, budget and errors.

Queuing rows is ``evidence.mail.queue`` (test_queue.py); the task's own retries, test_sending.py.
The retry budget is counted in time from the first attempt: a simulation of the schedule with the
default settings shows a 15- or 30-minute outage of the mail provider fails no row.
"""

import logging
import random
import smtplib
from datetime import datetime, timedelta

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
    assert claimed.first_attempt_at == claimed.claimed_at
    assert outbox.claim(email.id) is None


def test_a_later_claim_keeps_the_first_attempt_time():
    first = timezone.now() - timedelta(hours=3)
    email = OutboundEmailFactory(attempts=4, first_attempt_at=first)
    claimed = outbox.claim(email.id)
    assert claimed.first_attempt_at == first
    assert claimed.attempts == 5


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


def test_a_temporary_failure_puts_the_row_back_with_its_back_off(settings, failing_backend):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 30
    email = OutboundEmailFactory(to="erin@example.org")
    before = timezone.now()
    delivery = outbox.deliver(email.id)
    assert delivery.status == Status.PENDING
    assert 15 <= delivery.retry_in <= 30, "the first wait is half to all of the base"
    email.refresh_from_db()
    assert email.status == Status.PENDING
    assert email.attempts == 1
    assert before <= email.first_attempt_at <= timezone.now()
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


# --- Temporary and permanent refusals -------------------------------------------------------------


def refusing(monkeypatch, exc: BaseException) -> None:
    def send(email):
        raise exc

    monkeypatch.setattr(outbox, "_send", send)


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (
            smtplib.SMTPRecipientsRefused(
                {"erin@example.org": (550, b"5.1.1 <erin@example.org>: No such user")}
            ),
            "SMTPRecipientsRefused: 1 recipient(s) refused: 550 5.1.1 <[address]>: No such user",
        ),
        (smtplib.SMTPDataError(554, b"5.7.1 Message rejected as spam"), "554 5.7.1 Message rejected as spam"),
        (smtplib.SMTPSenderRefused(553, b"5.7.1 Sender not permitted", "x@y.org"), "553 5.7.1"),
        (smtplib.SMTPResponseException(552, b"5.3.4 Message too big"), "552 5.3.4 Message too big"),
    ],
)
def test_a_permanent_refusal_fails_the_row_at_once_with_its_reason(monkeypatch, caplog, exc, reason):
    email = OutboundEmailFactory(to="erin@example.org")
    refusing(monkeypatch, exc)
    with caplog.at_level(logging.ERROR, logger="evidence.mail.outbox"):
        assert outbox.deliver(email.id) == outbox.Delivery(Status.FAILED)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert reason in email.last_error
    assert "erin" not in email.last_error
    assert f"Outbound email {email.id} (ack) was refused permanently" in caplog.text
    assert "erin" not in caplog.text


@pytest.mark.parametrize(
    "exc",
    [
        smtplib.SMTPRecipientsRefused({"erin@example.org": (450, b"4.2.1 Mailbox busy, try later")}),
        smtplib.SMTPRecipientsRefused(
            {"a@example.org": (550, b"No such user"), "b@example.org": (451, b"Later")}
        ),
        smtplib.SMTPDataError(451, b"4.3.0 Temporary local problem"),
        smtplib.SMTPResponseException(421, b"4.7.0 Too many connections, slow down"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
        # 5xx before the message is offered: our settings or the server, not the message.
        smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid"),
        smtplib.SMTPConnectError(554, b"5.3.2 Service not available"),
    ],
)
def test_a_temporary_refusal_waits_to_try_again(monkeypatch, exc):
    email = OutboundEmailFactory()
    refusing(monkeypatch, exc)
    delivery = outbox.deliver(email.id)
    assert delivery.status == Status.PENDING
    assert delivery.retry_in > 0
    email.refresh_from_db()
    assert email.status == Status.PENDING
    assert email.last_error.startswith(type(exc).__name__)


# --- The back-off and the budget in time ----------------------------------------------------------


@pytest.mark.parametrize("retries_so_far", [0, 1, 3, 10, 100])
def test_the_back_off_grows_exponentially_up_to_the_cap_and_never_below_half_its_ceiling(
    settings, monkeypatch, retries_so_far
):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 30
    settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS = 1800
    ceiling = min(1800, 30 * 2**retries_so_far)
    monkeypatch.setattr(outbox.random, "uniform", lambda low, high: low)
    assert outbox.retry_countdown(retries_so_far) == ceiling / 2
    monkeypatch.setattr(outbox.random, "uniform", lambda low, high: high)
    assert outbox.retry_countdown(retries_so_far) == ceiling


def test_the_back_off_is_random_between_its_floor_and_its_ceiling(settings):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 30
    values = [outbox.retry_countdown(2) for _ in range(200)]
    assert all(60 <= value <= 120 for value in values)
    assert len(set(values)) > 100


def test_a_row_keeps_trying_however_many_tries_it_took_while_the_budget_lasts(settings, monkeypatch):
    settings.EMAIL_RETRY_FOR_SECONDS = 86400
    email = OutboundEmailFactory(attempts=60, first_attempt_at=timezone.now() - timedelta(hours=23))
    refusing(monkeypatch, ConnectionRefusedError(111, "Connection refused"))
    delivery = outbox.deliver(email.id)
    assert delivery.status == Status.PENDING
    assert delivery.retry_in <= settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS


def test_the_last_try_is_placed_at_the_end_of_the_budget(settings, monkeypatch):
    settings.EMAIL_RETRY_FOR_SECONDS = 86400
    first = timezone.now() - timedelta(seconds=86400 - 20)
    email = OutboundEmailFactory(attempts=40, first_attempt_at=first)
    refusing(monkeypatch, ConnectionRefusedError(111, "Connection refused"))
    delivery = outbox.deliver(email.id)
    assert delivery.status == Status.PENDING
    assert delivery.retry_in <= 20
    email.refresh_from_db()
    assert email.next_attempt_at <= first + timedelta(seconds=86400)


def test_a_row_fails_only_once_its_budget_in_time_is_spent(settings, monkeypatch, caplog):
    settings.EMAIL_RETRY_FOR_SECONDS = 3600
    email = OutboundEmailFactory(attempts=3, first_attempt_at=timezone.now() - timedelta(seconds=3601))
    refusing(monkeypatch, ConnectionRefusedError(111, "Connection refused"))
    with caplog.at_level(logging.WARNING, logger="evidence.mail.outbox"):
        assert outbox.deliver(email.id) == outbox.Delivery(Status.FAILED)
    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert email.attempts == 4
    assert email.last_error.startswith("ConnectionRefusedError")
    assert f"Outbound email {email.id} (ack) failed after 4 attempts over 360" in caplog.text


def simulate_outage(
    *, outage: float, arrivals: float | None = None, rows: int = 2000, seed: int = 17
) -> dict[str, float]:
    """Rows first tried at random moments of a mail outage (or of its first ``arrivals`` seconds),
    retried on the real schedule.

    Uses ``outbox.next_try_in`` (the settings' back-off, jitter and budget) on a simulated clock; a
    try at or after the end of the outage succeeds.
    """
    random.seed(seed)
    start = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.get_current_timezone())
    failed, tries, late = 0, 0, 0.0
    for _ in range(rows):
        first = start + timedelta(seconds=random.uniform(0, outage if arrivals is None else arrivals))
        at, attempts = first, 1
        while (at - start).total_seconds() < outage:
            wait = outbox.next_try_in(first_attempt_at=first, attempts=attempts, now=at)
            if wait is None:
                failed += 1
                break
            at += timedelta(seconds=wait)
            attempts += 1
        else:
            late = max(late, (at - start).total_seconds() - outage)
        tries += attempts
    return {"failed": failed, "tries per row": tries / rows, "latest after the outage (s)": late}


@pytest.mark.parametrize("minutes", [15, 30])
def test_with_the_default_settings_an_outage_of_half_an_hour_or_less_fails_no_row(settings, minutes):
    """With the old budget (6 tries, full jitter) 45% of rows failed in 15 minutes, all in 30."""
    assert (settings.EMAIL_RETRY_FOR_SECONDS, settings.EMAIL_RETRY_BACKOFF_SECONDS) == (86400, 30)
    assert settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS == 1800
    result = simulate_outage(outage=minutes * 60)
    print(f"\n{minutes}-minute outage: {result}")
    assert result["failed"] == 0
    # Once the provider is back, every row goes out within the longest wait (the cap).
    assert result["latest after the outage (s)"] <= 1800


def test_with_the_default_settings_an_outage_longer_than_a_day_fails_every_row_after_a_day(settings):
    result = simulate_outage(outage=25 * 3600, arrivals=3600, rows=200)
    assert result["failed"] == 200


def test_the_schedule_never_shrinks_below_its_floor(settings):
    """However the dice fall, n tries take at least the sum of half of each wait's ceiling."""
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 30
    settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS = 1800
    floor = sum(min(1800, 30 * 2**n) / 2 for n in range(6))
    for _ in range(500):
        assert sum(outbox.retry_countdown(n) for n in range(6)) >= floor
    assert floor == 15 + 30 + 60 + 120 + 240 + 480


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


# --- Save and come back later: a link is not kept once sent -----------------------------------------


def test_a_save_and_return_email_has_its_body_cleared_once_sent_and_no_other_kind_does():
    link = OutboundEmailFactory(kind=OutboundEmail.Kind.SAVE_RETURN, text_body="https://x/evidence/return/t/")
    ack = OutboundEmailFactory(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT, text_body="Your reference")

    assert outbox.deliver(link.id).status == outbox.deliver(ack.id).status == Status.SENT

    link.refresh_from_db()
    ack.refresh_from_db()
    assert (link.text_body, link.html_body) == ("", "")
    assert "evidence/return/t/" in mail.outbox[0].body, "sent with its link, then cleared"
    assert ack.text_body == "Your reference"


def test_a_save_and_return_email_that_waits_for_a_retry_keeps_its_body(failing_backend):
    link = OutboundEmailFactory(kind=OutboundEmail.Kind.SAVE_RETURN, text_body="the link")

    assert outbox.deliver(link.id).status == Status.PENDING

    link.refresh_from_db()
    assert link.text_body == "the link"
