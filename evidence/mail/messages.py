"""The emails the portal sends, written as outbox rows (never sent from here).

Each email is a template set ``templates/emails/<name>-subject.txt``, ``-body-text.txt`` and
``-body-html.html``, rendered by one ``make_message()``. The ``write_*`` functions are called inside the
transaction that records the event; ``evidence.mail.queue.send_after_commit()`` queues the row afterwards.
"""

from typing import Any, NamedTuple

from django.conf import settings
from django.db import connections, router
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
    """The outbox row for ``key``, written once; ``created`` is False when it was already there.

    One statement for a new key, ``INSERT ... ON CONFLICT (idempotency_key) DO NOTHING RETURNING``,
    where ``get_or_create`` took four (a look, a savepoint, the insert, its release): every member's
    Send writes one. A key already there is read as it stands.
    """
    email = OutboundEmail(
        idempotency_key=key,
        kind=kind,
        to=",".join(to),
        subject=message.subject,
        text_body=message.text,
        html_body=message.html,
    )
    using = router.db_for_write(OutboundEmail)
    connection = connections[using]
    meta = OutboundEmail._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 - the model's own names
            f"({', '.join(quote(field.column) for field in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"ON CONFLICT ({quote(meta.get_field('idempotency_key').column)}) DO NOTHING "
            f"RETURNING {quote(meta.pk.column)}",
            [field.get_db_prep_save(field.pre_save(email, add=True), connection) for field in fields],
        )
        inserted = cursor.fetchone()
    if inserted is None:
        return OutboundEmail.objects.using(using).get(idempotency_key=key), False
    email.pk = inserted[0]
    email._state.adding, email._state.db = False, using
    return email, True


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
