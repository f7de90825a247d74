"""The task that sends one outbox row (evidence.mail.sending): Celery's retries, counted on the row."""

import logging

import pytest
from django.core import mail

from evidence.mail.sending import send_outbound_email
from evidence.models import OutboundEmail
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


def test_a_sent_row_is_never_sent_again():
    email = OutboundEmailFactory()
    send_outbound_email.apply(args=(email.id,))
    send_outbound_email.apply(args=(email.id,))
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_it_retries_then_marks_the_row_failed_after_the_last_retry(settings, failing_backend, caplog):
    settings.EMAIL_SEND_MAX_RETRIES = 3
    email = OutboundEmailFactory(to="erin@example.org")
    with caplog.at_level(logging.INFO, logger="evidence.mail.outbox"):
        send_outbound_email.apply(args=(email.id,))
    email.refresh_from_db()
    assert failing_backend.calls == 4
    assert email.status == Status.FAILED
    assert email.attempts == 4
    assert email.last_error.startswith("SMTPServerDisconnected")
    assert f"Outbound email {email.id} (ack) failed after 4 attempts" in caplog.text
    assert "erin@example.org" not in caplog.text
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


def test_the_send_task_retries_as_settings_say(settings):
    assert send_outbound_email.max_retries == settings.EMAIL_SEND_MAX_RETRIES
    assert send_outbound_email.acks_late is True
