"""Sending one outbox row: claim, send, mark, or put it back to wait out a back-off.

The rules that keep mail from being lost, doubled or given up on too soon (see "Reliability design"
in the architecture); queuing and the relay, the other half, are in ``evidence.mail.queue``:

- a worker sends a row only after claiming it with a conditional UPDATE (pending -> sending), so two
  deliveries of the same task send once; a sent row is never claimed again;
- the retry budget is counted in time on the row: it keeps trying until EMAIL_RETRY_FOR_SECONDS after
  its first attempt (``first_attempt_at``, set by the first claim), whichever tasks carry it, and only
  then is ``failed``. The last try is placed at the end of the budget;
- a temporary failure (a 4xx reply, a refused or dropped connection, a timeout, the soft time limit)
  puts the row back to pending with ``next_attempt_at`` at the end of its back-off: exponential, capped
  at EMAIL_RETRY_BACKOFF_MAX_SECONDS, with equal jitter, so each wait is at least half its ceiling and
  no row's schedule shrinks below that floor by bad luck;
- a permanent refusal (a 5xx reply to the message or its recipients, such as an unknown mailbox) or a
  fault in the message itself fails the row at once with its reason: another try would be refused the
  same way. A 5xx on connecting, greeting or signing in is about our configuration or the server, not
  the message: it waits like a 4xx, so the backlog goes out once it is put right;
- a row stuck in ``sending`` past the task's hard time limit belongs to a worker that died: it may be
  claimed again (and the relay re-queues it);
- a save-and-return email (kind ``save``) holds the link to a member's saved form: its text and HTML
  are cleared in the same update that marks it sent, so the outbox never keeps a live link. Only that
  kind: every other row keeps its body, to be sent again from the admin.

Logs name rows by id and kind only: addresses and subjects stay out of them.
"""

import logging
import random
import re
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from evidence.models import OutboundEmail

log = logging.getLogger(__name__)

Status = OutboundEmail.Status

# Errors worth another try later: the mail server or the network, not the message. A soft time limit
# hit while talking to the server is one of them, not a fault in the message. A 5xx reply among them
# is permanent all the same (``is_permanent``).
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError, SoftTimeLimitExceeded)
# Replies before the message is offered: a 5xx here says nothing about the message or its recipient.
_BEFORE_THE_MESSAGE = (smtplib.SMTPConnectError, smtplib.SMTPHeloError, smtplib.SMTPAuthenticationError)

# Emails whose body is a secret (a link that opens a member's form): not kept once sent.
BODY_CLEARED_ONCE_SENT = frozenset({OutboundEmail.Kind.SAVE_RETURN})

_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


# --- Claiming and sending -----------------------------------------------------------------------


def stale_claim_before(now: datetime) -> datetime:
    # Past the hard time limit the worker that claimed the row has certainly been stopped.
    return now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def claim(email_id: int) -> OutboundEmail | None:
    """Take the row for sending, or None if it is sent, failed, or being sent by another worker."""
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=stale_claim_before(now))
    claimed = OutboundEmail.objects.filter(claimable, id=email_id).update(
        status=Status.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
        first_attempt_at=Coalesce("first_attempt_at", Value(now, output_field=DateTimeField())),
    )
    if claimed != 1:
        return None
    return OutboundEmail.objects.get(id=email_id)


def retry_countdown(retries_so_far: int) -> float:
    """Exponential back-off with equal jitter: between half and all of min(cap, base * 2**n)."""
    ceiling = min(
        settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS,
        settings.EMAIL_RETRY_BACKOFF_SECONDS * 2 ** min(retries_so_far, 30),
    )
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def next_try_in(*, first_attempt_at: datetime, attempts: int, now: datetime) -> float | None:
    """Seconds until the next try after ``attempts`` tries, or None once the budget in time is spent."""
    deadline = first_attempt_at + timedelta(seconds=settings.EMAIL_RETRY_FOR_SECONDS)
    left = (deadline - now).total_seconds()
    if left <= 0:
        return None
    return min(retry_countdown(attempts - 1), left)


def is_permanent(exc: BaseException) -> bool:
    """A 5xx reply to the message or to every recipient: the server will refuse it again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, _BEFORE_THE_MESSAGE):
        return False
    return isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600


def describe_error(exc: BaseException) -> str:
    """The exception's class and a short message, with any email address blanked out."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = [f"{code} {_text(message)}" for code, message in exc.recipients.values()]
        detail = f"{len(exc.recipients)} recipient(s) refused: {replies[0]}" if replies else "refused"
    elif isinstance(exc, smtplib.SMTPResponseException):
        detail = f"{exc.smtp_code} {_text(exc.smtp_error)}"
    else:
        detail = str(exc)
    detail = _ADDRESS.sub("[address]", " ".join(detail.split()))[:200]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


@dataclass(frozen=True)
class Delivery:
    """What one try did: ``status`` is the row's status afterwards, or "skipped" if not claimed."""

    status: str
    retry_in: float | None = None


def deliver(email_id: int) -> Delivery:
    """Claim, send and mark one row. A temporary failure asks for a retry after ``retry_in`` seconds."""
    email = claim(email_id)
    if email is None:
        return Delivery("skipped")
    try:
        _send(email)
    except TRANSIENT_ERRORS as exc:
        if is_permanent(exc):
            return _fail(email, exc, "was refused permanently")
        return _after_temporary_failure(email, exc)
    except Exception as exc:
        return _fail(email, exc, "could not be sent")
    cleared = {"text_body": "", "html_body": ""} if email.kind in BODY_CLEARED_ONCE_SENT else {}
    OutboundEmail.objects.filter(id=email.id, status=Status.SENDING, claimed_at=email.claimed_at).update(
        status=Status.SENT, sent_at=timezone.now(), last_error="", **cleared
    )
    return Delivery(Status.SENT)


def _send(email: OutboundEmail) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        to=email.recipients,
        headers={"Message-ID": email.message_id},
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send()


def _release(email: OutboundEmail, **changes: Any) -> None:
    # Only while our claim stands: a worker that outlived its claim must not overwrite another's.
    OutboundEmail.objects.filter(id=email.id, status=Status.SENDING, claimed_at=email.claimed_at).update(
        **changes
    )


def _fail(email: OutboundEmail, exc: BaseException, what: str) -> Delivery:
    # A fault in the message, or a refusal of it: another try would fail the same way.
    _release(email, status=Status.FAILED, last_error=describe_error(exc))
    log.error(
        "Outbound email %s (%s) %s and will not be retried: %s%s. It can be sent again from the admin.",
        email.id,
        email.kind,
        what,
        type(exc).__name__,
        f" {exc.smtp_code}" if isinstance(exc, smtplib.SMTPResponseException) else "",
    )
    return Delivery(Status.FAILED)


def _after_temporary_failure(email: OutboundEmail, exc: BaseException) -> Delivery:
    error = describe_error(exc)
    now = timezone.now()
    first_attempt_at = email.first_attempt_at or now  # the claim sets it; "or" only for the type checker
    countdown = next_try_in(first_attempt_at=first_attempt_at, attempts=email.attempts, now=now)
    if countdown is None:
        _release(email, status=Status.FAILED, last_error=error)
        log.warning(
            "Outbound email %s (%s) failed after %s attempts over %.0f s: %s. "
            "It can be sent again from the admin.",
            email.id,
            email.kind,
            email.attempts,
            (now - first_attempt_at).total_seconds(),
            type(exc).__name__,
        )
        return Delivery(Status.FAILED)
    _release(
        email,
        status=Status.PENDING,
        last_error=error,
        next_attempt_at=now + timedelta(seconds=countdown),
    )
    log.info(
        "Outbound email %s (%s) attempt %s failed (%s); retrying in %.0f s.",
        email.id,
        email.kind,
        email.attempts,
        type(exc).__name__,
        countdown,
    )
    return Delivery(Status.PENDING, retry_in=countdown)
