"""Email in tests: what a message says, in both its parts, and a mail server that drops the connection.

Every email the portal sends has a plain-text body and an HTML alternative, and a member reads one or
the other: ``assert_email_contains`` checks both, ``assert_email_lacks`` checks both and the subject.
They take the message however the test holds it: a ``django.core.mail`` message (``mail.outbox``), an
outbox row (``OutboundEmail``), a rendered ``evidence.mail.messages.Message``, a message the SMTP sink
of the integration tests received, or a ``email.message.Message`` read back from a file.

The HTML part is read as its reader would: without tags, entities decoded, spaces collapsed, so
"received: <strong>3</strong>" contains "received: 3". Link addresses count as contained (they are one
click away), and ``assert_email_lacks`` searches the whole HTML, attributes and title included.
"""

import email.message
import html
import re
import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

_HEAD = re.compile(r"<head\b.*?</head>", re.S | re.I)
# Inline elements run on with the words around them; any other tag breaks the line.
_INLINE_TAG = re.compile(r"</?(a|abbr|b|code|em|i|small|span|strong)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""", re.I)


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _mime_part(message: email.message.Message, content_type: str) -> str:
    for part in message.walk():
        if part.get_content_type() == content_type:
            payload = part.get_payload(decode=True) or b""
            return payload.decode(part.get_content_charset() or "utf-8")
    return ""


def email_parts(message) -> tuple[str, str, str]:
    """``(subject, text, html)`` of an email, whichever form the test holds it in."""
    if hasattr(message, "alternatives"):  # django.core.mail.EmailMultiAlternatives
        html_parts = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
        return message.subject, message.body, html_parts[0] if html_parts else ""
    if hasattr(message, "text_body"):  # an outbox row, OutboundEmail
        return message.subject, message.text_body, message.html_body
    if hasattr(message, "part"):  # what the SMTP sink received (tests/integration/smtp_sink.py)
        return message.subject, message.part("text/plain"), message.part("text/html")
    if isinstance(message, email.message.Message):  # read back from a file or a socket
        return (
            str(message["Subject"] or ""),
            _mime_part(message, "text/plain"),
            _mime_part(message, "text/html"),
        )
    if hasattr(message, "html"):  # evidence.mail.messages.Message, rendered and not yet written
        return message.subject, message.text, message.html
    raise TypeError(f"Not an email these helpers know: {type(message).__name__}")


def readable(html_body: str) -> str:
    """The HTML part as its reader sees it: the body's text, without tags, entities decoded."""
    body = _INLINE_TAG.sub("", _HEAD.sub(" ", html_body))
    return _collapsed(html.unescape(_TAG.sub(" ", body)))


def assert_email_contains(message, *texts: str) -> None:
    """Each of ``texts`` is in the plain-text body and in the HTML part (its text or a link's address)."""
    _, text, html_body = email_parts(message)
    assert text.strip(), "the email has no plain-text body"
    assert html_body.strip(), "the email has no HTML part"
    shown = readable(html_body)
    links = [html.unescape(href) for href in _HREF.findall(html_body)]
    for wanted in texts:
        assert _collapsed(wanted) in _collapsed(text), f"{wanted!r} is not in the plain-text body:\n{text}"
        assert _collapsed(wanted) in shown or any(wanted in link for link in links), (
            f"{wanted!r} is not in the HTML part:\n{shown}"
        )


def assert_email_lacks(message, *texts: str) -> None:
    """None of ``texts`` is in the subject, the plain-text body or anywhere in the HTML part."""
    subject, text, html_body = email_parts(message)
    assert text.strip(), "the email has no plain-text body: lacking anything would prove nothing"
    assert html_body.strip(), "the email has no HTML part: lacking anything would prove nothing"
    everything_in_html = html.unescape(html_body)
    for unwanted in texts:
        assert unwanted not in subject, f"{unwanted!r} is in the subject: {subject}"
        assert unwanted not in text, f"{unwanted!r} is in the plain-text body:\n{text}"
        assert unwanted not in everything_in_html and _collapsed(unwanted) not in readable(html_body), (
            f"{unwanted!r} is in the HTML part:\n{html_body}"
        )


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
