"""Sending the outbox: queue after commit, the claim, sending, retries and resending."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from evidence.mail import outbox, queue
from evidence.mail.messages import write_acknowledgement
from evidence.models import OutboundEmail
from evidence.tasks import send_outbound_email
from tests.factories import OutboundEmailFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status
FAILING_BACKEND = "tests.evidence.mail.test_outbox.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that drops the connection ``failures`` times, then accepts."""

    failures = 10**6
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def failing_backend(settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    FailingBackend.calls = 0
    FailingBackend.failures = 10**6
    return FailingBackend


# --- Queuing after commit ------------------------------------------------------------------------


def test_it_sends_the_acknowledgement_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        member = SubmissionFactory(email="alice@example.org")
        email = write_acknowledgement(member)
        queue.send_after_commit(email)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert member.reference in mail.outbox[0].subject
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.sent_at is not None


def test_nothing_is_queued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email = write_acknowledgement(SubmissionFactory(email="alice@example.org"))
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
    email = OutboundEmailFactory(to="alice@example.org")

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379 for alice@example.org")

    monkeypatch.setattr(send_outbound_email, "apply_async", broker_down)
    with caplog.at_level(logging.WARNING, logger="evidence.mail.queue"):
        assert queue.queue_email(email.id) is False
    assert "relay will pick it up" in caplog.text
    assert "alice" not in caplog.text
    email.refresh_from_db()
    assert email.status == Status.PENDING


def test_an_smtp_error_in_eager_mode_does_not_reach_the_request(
    settings, failing_backend, django_capture_on_commit_callbacks
):
    settings.EMAIL_SEND_MAX_RETRIES = 1
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = write_acknowledgement(SubmissionFactory(email="alice@example.org"))
        queue.send_after_commit(email)
    email.refresh_from_db()
    assert email.status == Status.FAILED


# --- The claim -----------------------------------------------------------------------------------


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


# --- Sending -------------------------------------------------------------------------------------


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


def test_a_sent_row_is_never_sent_again():
    email = OutboundEmailFactory()
    send_outbound_email.apply(args=(email.id,))
    send_outbound_email.apply(args=(email.id,))
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_transient_failure_puts_the_row_back_with_its_back_off(settings, failing_backend):
    settings.EMAIL_SEND_MAX_RETRIES = 3
    email = OutboundEmailFactory(to="alice@example.org")
    before = timezone.now()
    delivery = outbox.deliver(email.id)
    assert delivery.status == Status.PENDING
    assert 0 <= delivery.retry_in <= settings.EMAIL_RETRY_BACKOFF_SECONDS
    email.refresh_from_db()
    assert email.status == Status.PENDING
    assert email.attempts == 1
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert before <= email.next_attempt_at <= timezone.now() + timedelta(seconds=delivery.retry_in)


def test_it_retries_then_marks_the_row_failed_after_the_last_retry(settings, failing_backend, caplog):
    settings.EMAIL_SEND_MAX_RETRIES = 3
    email = OutboundEmailFactory(to="alice@example.org")
    with caplog.at_level(logging.INFO, logger="evidence.mail.outbox"):
        send_outbound_email.apply(args=(email.id,))
    email.refresh_from_db()
    assert failing_backend.calls == 4
    assert email.status == Status.FAILED
    assert email.attempts == 4
    assert email.last_error.startswith("SMTPServerDisconnected")
    assert f"Outbound email {email.id} (ack) failed after 4 attempts" in caplog.text
    assert "alice" not in caplog.text
    assert email.subject not in caplog.text


def test_a_retry_that_succeeds_marks_the_row_sent(settings, failing_backend):
    failing_backend.failures = 2
    email = OutboundEmailFactory()
    send_outbound_email.apply(args=(email.id,))
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 3)
    assert len(mail.outbox) == 1


def test_the_retry_budget_is_counted_on_the_row(settings, failing_backend):
    """A relayed task starts Celery's retry count at 0; the row remembers the tries already spent."""
    settings.EMAIL_SEND_MAX_RETRIES = 3
    email = OutboundEmailFactory(attempts=3)
    send_outbound_email.apply(args=(email.id,))
    email.refresh_from_db()
    assert failing_backend.calls == 1
    assert email.status == Status.FAILED


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
        smtplib.SMTPRecipientsRefused({"alice@example.org": (550, b"No such user")}),
        smtplib.SMTPResponseException(550, b"5.1.1 <alice@example.org>: Recipient address rejected"),
        smtplib.SMTPSenderRefused(553, b"not permitted", "education@mail.nasuwat.org.uk"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
    ],
)
def test_errors_are_recorded_without_addresses(exc):
    described = outbox.describe_error(exc)
    assert described.startswith(type(exc).__name__)
    assert "alice" not in described
    assert "@" not in described
    assert len(described) <= 250


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


# --- The embedded default -------------------------------------------------------------------------


def test_with_no_redis_the_acknowledgement_is_written_to_the_mail_folder(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """No REDIS_URL: the task runs in-process after commit and the file backend writes the message."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        member = SubmissionFactory(email="alice@example.org")
        queue.send_after_commit(write_acknowledgement(member))
    [written] = list((tmp_path / "mail").iterdir())
    content = written.read_text()
    assert f"Subject: We have received your evidence: {member.reference}" in content
    assert f"Message-ID: <ack.{member.reference}@" in content
    assert "Content-Type: text/html" in content
    assert OutboundEmail.objects.get().status == Status.SENT


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
