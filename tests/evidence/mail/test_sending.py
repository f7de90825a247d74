"""The task that sends one outbox row (evidence.mail.sending): it retries for as long as the row asks.

The budget is counted on the row in time (test_outbox.py); here, what the task does with the answer.
"""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

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


def test_with_a_broker_it_asks_celery_to_retry_after_the_rows_back_off(
    settings, failing_backend, monkeypatch
):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 30
    email = OutboundEmailFactory()
    asked: dict = {}

    def retry(**options):
        asked.update(options)
        return Retry("retrying", when=options["countdown"])

    monkeypatch.setattr(send_outbound_email, "retry", retry)
    send_outbound_email.push_request(is_eager=False)
    try:
        with pytest.raises(Retry):
            send_outbound_email.run(email.id)
    finally:
        send_outbound_email.pop_request()
    email.refresh_from_db()
    assert 15 <= asked["countdown"] <= 30
    assert asked["max_retries"] is None, "the row's budget in time decides, not a count"
    assert email.next_attempt_at >= timezone.now() + timedelta(seconds=asked["countdown"] - 2)


def test_run_in_process_it_does_not_retry_and_the_row_waits_for_the_relay(failing_backend):
    email = OutboundEmailFactory()
    assert send_outbound_email.apply(args=(email.id,)).get() == Status.PENDING
    assert failing_backend.calls == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.PENDING, 1)
    assert email.last_error.startswith("SMTPServerDisconnected")


def test_a_retry_that_succeeds_marks_the_row_sent(failing_backend):
    failing_backend.failures = 1
    email = OutboundEmailFactory()
    send_outbound_email.apply(args=(email.id,))
    send_outbound_email.apply(args=(email.id,))  # the retry, as the worker or the relay would run it
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_row_whose_budget_is_spent_fails_on_its_next_refusal(settings, failing_backend):
    settings.EMAIL_RETRY_FOR_SECONDS = 600
    email = OutboundEmailFactory(attempts=5, first_attempt_at=timezone.now() - timedelta(seconds=601))
    assert send_outbound_email.apply(args=(email.id,)).get() == Status.FAILED
    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert email.attempts == 6


def test_the_send_task_is_acknowledged_late_and_not_limited_by_a_count_of_retries():
    assert send_outbound_email.max_retries is None
    assert send_outbound_email.acks_late is True
