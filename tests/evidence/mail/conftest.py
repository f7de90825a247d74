"""What the mail tests share: a mail server that refuses, and a broker at another address."""

import contextlib

import pytest

from tests.emails import FailingBackend
from tests.integration.harness import celery_broker


@pytest.fixture
def failing_backend(settings):
    """Every message is refused until the test lowers ``failing_backend.failures``."""
    settings.EMAIL_BACKEND = "tests.emails.FailingBackend"
    FailingBackend.calls = 0
    FailingBackend.failures = 10**6
    return FailingBackend


@pytest.fixture
def broker_at():
    """Point the real (non-eager) Celery app at another broker URL for one test."""
    with contextlib.ExitStack() as stack:
        yield lambda url: stack.enter_context(celery_broker(url))
