"""Email in tests: a mail server that drops the connection, for the retry tests."""

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """A mail server that drops the connection ``failures`` times, then accepts.

    Counted on the class: Django makes a new backend for every message sent.
    """

    failures = 10**6
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)
