"""Queuing while the broker is down or hung returns within about a second and never raises.

The member's request waits for this after its transaction commits, so it is bounded by the socket
timeouts and the one-retry publish policy in settings; the row stays pending for the relay.
"""

import contextlib
import time

import pytest

from evidence.mail import queue
from evidence.models import OutboundEmail
from tests.factories import OutboundEmailFactory
from tests.integration.harness import celery_broker

pytestmark = pytest.mark.django_db


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
