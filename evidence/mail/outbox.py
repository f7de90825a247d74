"""Sending one outbox row: claim, send, mark, or put it back to wait out a back-off.

The rules that keep mail from being lost or doubled (see "Reliability design" in the architecture);
queuing and the relay, the other half, are in ``evidence.mail.queue``:

- a worker sends a row only after claiming it with a conditional UPDATE (pending -> sending), so two
  deliveries of the same task send once; a sent row is never claimed again;
- a transient failure puts the row back to pending with ``next_attempt_at`` at the end of its back-off;
  the retry budget is counted on the row (``attempts``), so relayed or redelivered tasks share it;
- a row stuck in ``sending`` past the task's hard time limit belongs to a worker that died: it may be
  claimed again (and the relay re-queues it).

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
from django.db.models import F, Q
from django.utils import timezone

from evidence.models import OutboundEmail

log = logging.getLogger(__name__)

Status = OutboundEmail.Status

# Errors worth another try later: the mail server or the network, not the message. A soft time limit
# hit while talking to the server is one of them, not a fault in the message.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError, SoftTimeLimitExceeded)

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
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return None
    return OutboundEmail.objects.get(id=email_id)


def retry_countdown(retries_so_far: int) -> float:
    """Exponential back-off with full jitter: uniform between 0 and min(cap, base * 2**n)."""
    ceiling = min(
        settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS,
        settings.EMAIL_RETRY_BACKOFF_SECONDS * 2 ** min(retries_so_far, 30),
    )
    return random.uniform(0, ceiling)


def describe_error(exc: BaseException) -> str:
    """The exception's class and a short message, with any email address blanked out."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        detail = f"{len(exc.recipients)} recipient(s) refused"
    elif isinstance(exc, smtplib.SMTPResponseException):
        message = (
            exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        detail = f"{exc.smtp_code} {message}"
    else:
        detail = str(exc)
    detail = _ADDRESS.sub("[address]", " ".join(detail.split()))[:200]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


@dataclass(frozen=True)
class Delivery:
    """What one try did: ``status`` is the row's status afterwards, or "skipped" if not claimed."""

    status: str
    retry_in: float | None = None


def deliver(email_id: int) -> Delivery:
    """Claim, send and mark one row. A transient failure asks for a retry after ``retry_in`` seconds."""
    email = claim(email_id)
    if email is None:
        return Delivery("skipped")
    try:
        _send(email)
    except TRANSIENT_ERRORS as exc:
        return _after_transient_failure(email, exc)
    except Exception as exc:
        # A fault in the message itself: another try would fail the same way.
        _release(email, status=Status.FAILED, last_error=describe_error(exc))
        log.error(
            "Outbound email %s (%s) failed and will not be retried: %s.",
            email.id,
            email.kind,
            type(exc).__name__,
        )
        return Delivery(Status.FAILED)
    OutboundEmail.objects.filter(id=email.id, status=Status.SENDING, claimed_at=email.claimed_at).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
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


def _after_transient_failure(email: OutboundEmail, exc: BaseException) -> Delivery:
    error = describe_error(exc)
    tries_allowed = 1 + settings.EMAIL_SEND_MAX_RETRIES
    if email.attempts >= tries_allowed:
        _release(email, status=Status.FAILED, last_error=error)
        log.warning(
            "Outbound email %s (%s) failed after %s attempts: %s. It can be sent again from the admin.",
            email.id,
            email.kind,
            email.attempts,
            type(exc).__name__,
        )
        return Delivery(Status.FAILED)
    countdown = retry_countdown(email.attempts - 1)
    _release(
        email,
        status=Status.PENDING,
        last_error=error,
        next_attempt_at=timezone.now() + timedelta(seconds=countdown),
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
