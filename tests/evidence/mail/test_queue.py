"""Handing outbox rows to Celery (evidence.mail.queue): after commit and on "Send again".

Queuing never fails the member's request: with the broker down or hung it returns within about a
second (the socket timeouts and the one-retry publish policy in settings) and the row stays pending,
marked not queued, for the relay (tests/evidence/mail/test_relay.py).
"""

import logging
import time
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
    assert email.not_queued is True, "the relay knows no task exists for it"


def test_an_smtp_error_in_eager_mode_does_not_reach_the_request(
    failing_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = write_acknowledgement(SubmissionFactory(email="erin@example.org"))
        queue.send_after_commit(email)
    email.refresh_from_db()
    assert email.status == Status.PENDING
    assert email.last_error.startswith("SMTPServerDisconnected")


@pytest.fixture
def broker(monkeypatch):
    """A broker that refuses while ``broker.down`` is set; records what is published to it."""

    class Broker:
        down = True
        published: list[int] = []
        tasks: list[str] = []

    def apply_async(args, **options):
        if Broker.down:
            raise ConnectionRefusedError(111, "Connection refused")
        Broker.published.append(args[0])

    monkeypatch.setattr(queue, "_broker", lambda: "redis://broker.example:6379/0")
    monkeypatch.setattr(queue, "_broker_paused_until", {})
    monkeypatch.setattr(send_outbound_email, "apply_async", apply_async)
    monkeypatch.setattr(send_outbound_email.app, "send_task", lambda name, **kw: Broker.tasks.append(name))
    return Broker


def test_the_first_publish_after_a_failure_also_queues_the_relay(settings, broker, monkeypatch):
    settings.REDIS_PAUSE_AFTER_FAILURE_SECONDS = 5
    waiting, later, next_one = OutboundEmailFactory(), OutboundEmailFactory(), OutboundEmailFactory()
    clock = [1000.0]
    monkeypatch.setattr(queue.time, "monotonic", lambda: clock[0])

    assert queue.queue_email(waiting.id) is False
    broker.down = False
    assert queue.queue_email(later.id) is False, "within the pause the broker is not tried"
    clock[0] += 6
    assert queue.queue_email(next_one.id) is True
    assert broker.tasks == ["evidence.tasks.relay_outbox"]
    assert queue.queue_email(next_one.id) is True
    assert broker.tasks == ["evidence.tasks.relay_outbox"], "only the first success after a failure"
    assert broker.published == [next_one.id, next_one.id]
    assert set(OutboundEmail.objects.filter(not_queued=True).values_list("id", flat=True)) == {
        waiting.id,
        later.id,
    }


# --- A broker down or hung ------------------------------------------------------------------------


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
    assert failed.first_attempt_at >= failed.created_at, "a fresh budget from this try"
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
