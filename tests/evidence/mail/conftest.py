"""What the mail tests share: a mail server that refuses."""

import pytest

from tests.emails import FailingBackend


@pytest.fixture
def failing_backend(settings):
    """Every message is refused until the test lowers ``failing_backend.failures``."""
    settings.EMAIL_BACKEND = "tests.emails.FailingBackend"
    FailingBackend.calls = 0
    FailingBackend.failures = 10**6
    return FailingBackend
