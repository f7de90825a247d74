"""The emails the portal sends, written as outbox rows (never sent from here).

Each email is a template set ``templates/emails/<name>-subject.txt``, ``-body-text.txt`` and
``-body-html.html``, rendered by one ``make_message()``. The ``write_*`` functions are called inside the
transaction that records the event; ``evidence.mail.queue.send_after_commit()`` queues the row afterwards.
"""

from typing import Any, NamedTuple

from django.conf import settings
from django.template.loader import render_to_string

from evidence.models import OutboundEmail, Submission


class Message(NamedTuple):
    subject: str
    text: str
    html: str


def make_message(template_name: str, context: dict[str, Any]) -> Message:
    context = {"site_url": settings.SITE_URL, "contact": settings.EDUCATION_TEAM_CONTACT, **context}
    subject = render_to_string(f"emails/{template_name}-subject.txt", context)
    return Message(
        subject=" ".join(subject.split()),
        text=render_to_string(f"emails/{template_name}-body-text.txt", context).strip() + "\n",
        html=render_to_string(f"emails/{template_name}-body-html.html", context),
    )


def write_email(*, kind: str, key: str, to: list[str], message: Message) -> tuple[OutboundEmail, bool]:
    """The outbox row for ``key``, written once; ``created`` is False when it was already there."""
    return OutboundEmail.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "kind": kind,
            "to": ",".join(to),
            "subject": message.subject,
            "text_body": message.text,
            "html_body": message.html,
        },
    )


def acknowledgement_key(submission: Submission) -> str:
    return f"ack:{submission.reference}"


def write_acknowledgement(submission: Submission) -> OutboundEmail | None:
    """The member's receipt: their reference, the themes they chose and what happens next.

    Nothing else about them goes in it, not even their name, and none of their evidence.
    """
    if not submission.email:
        return None
    themes = [theme.name for theme in submission.themes.all()]
    message = make_message("acknowledgement", {"reference": submission.reference, "themes": themes})
    email, _ = write_email(
        kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
        key=acknowledgement_key(submission),
        to=[submission.email],
        message=message,
    )
    return email
