"""The email helpers (tests/emails.py) fail when either part of an email is wrong, or they prove nothing."""

from email import message_from_bytes

import pytest
from django.core.mail import EmailMultiAlternatives

from evidence.mail.messages import Message
from evidence.models import OutboundEmail
from tests.emails import assert_email_contains, assert_email_lacks, email_parts, readable

TEXT = "Your reference is SEND-AAAA-BBBB.\nSee https://evidence.example.org/ for more.\n"
HTML = (
    "<!DOCTYPE html><html><head><title>Private title</title></head><body>"
    "<p>Your reference is <strong>SEND-AAAA-BBBB</strong>.</p>"
    '<p>See <a href="https://evidence.example.org/">the portal</a> for more &amp; more.</p>'
    "</body></html>"
)


def django_message(text: str = TEXT, html: str = HTML) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject="Received: SEND-AAAA-BBBB", body=text, to=["erin@example.org"])
    message.attach_alternative(html, "text/html")
    return message


def every_form() -> list:
    """The same email as each kind of object the tests hold."""
    return [
        django_message(),
        OutboundEmail(subject="Received: SEND-AAAA-BBBB", text_body=TEXT, html_body=HTML),
        Message(subject="Received: SEND-AAAA-BBBB", text=TEXT, html=HTML),
        message_from_bytes(django_message().message().as_bytes()),
    ]


@pytest.mark.parametrize("message", every_form(), ids=["django", "outbox-row", "rendered", "mime"])
def test_it_reads_both_parts_of_every_kind_of_email(message):
    subject, text, html = email_parts(message)

    assert subject == "Received: SEND-AAAA-BBBB"
    assert text.strip() == TEXT.strip()
    assert html.strip() == HTML


def test_the_html_part_is_read_without_its_tags_and_head():
    assert readable(HTML) == ("Your reference is SEND-AAAA-BBBB. See the portal for more & more.")


def test_contains_passes_on_words_in_both_parts_and_on_a_link_address():
    assert_email_contains(
        django_message(), "Your reference is SEND-AAAA-BBBB", "https://evidence.example.org/"
    )


def test_contains_fails_when_only_the_text_part_says_it():
    message = django_message(text=TEXT + "Call us.\n")

    with pytest.raises(AssertionError, match="not in the HTML part"):
        assert_email_contains(message, "Call us.")


def test_contains_fails_when_only_the_html_part_says_it():
    message = django_message(html=HTML.replace("</body>", "<p>Call us.</p></body>"))

    with pytest.raises(AssertionError, match="not in the plain-text body"):
        assert_email_contains(message, "Call us.")


def test_contains_fails_on_an_email_without_an_html_part():
    message = EmailMultiAlternatives(subject="Plain", body=TEXT, to=["erin@example.org"])

    with pytest.raises(AssertionError, match="no HTML part"):
        assert_email_contains(message, "SEND-AAAA-BBBB")


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("subject", Message(subject="For Erin", text=TEXT, html=HTML)),
        ("plain-text body", Message(subject="Received", text=TEXT + "Erin\n", html=HTML)),
        ("HTML part", Message(subject="Received", text=TEXT, html=HTML.replace("<title>", "<title>Erin "))),
        (
            "HTML part",
            Message(subject="Received", text=TEXT, html=HTML.replace('href="', 'data-who="Erin" href="')),
        ),
    ],
    ids=["subject", "text", "html-title", "html-attribute"],
)
def test_lacks_fails_wherever_the_text_hides(where, message):
    with pytest.raises(AssertionError, match=f"is in the {where}"):
        assert_email_lacks(message, "Erin")


def test_lacks_refuses_an_email_without_an_html_part():
    with pytest.raises(AssertionError, match="would prove nothing"):
        assert_email_lacks(Message(subject="Received", text=TEXT, html=""), "Erin")
