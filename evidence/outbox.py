"""Sending the outbox: queue after commit, claim, send, retry, relay, resend.

The rules that keep mail from being lost or doubled (see "Reliability design" in the architecture):

- a row is queued only after its transaction commits, and queuing never fails the request: if the
  broker is down the row simply waits for the relay;
- a worker sends a row only after claiming it with a conditional UPDATE (pending -> sending), so two
  deliveries of the same task send once; a sent row is never claimed again;
- a transient failure puts the row back to pending with ``next_attempt_at`` at the end of its back-off;
  the retry budget is counted on the row (``attempts``), so relayed or redelivered tasks share it;
- the relay re-queues rows whose task was lost: pending well past their due time, or stuck in
  ``sending`` past the task's hard time limit (the worker died).

Logs name rows by id and kind only: addresses and subjects stay out of them.
"""

import logging
import random
import re
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from evidence.models import OutboundEmail

log = logging.getLogger(__name__)

Status = OutboundEmail.Status

# Errors worth another try later: the mail server or the network, not the message. A soft time limit
# hit while talking to the server is one of them, not a fault in the message.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError, SoftTimeLimitExceeded)

RELAY_BATCH_SIZE = 100

_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


# --- Queuing ------------------------------------------------------------------------------------


# Broker URL -> time.monotonic() until which this process does not try it again.
_broker_paused_until: dict[str, float] = {}


def queue(email_id: int) -> bool:
    """Hand a row to Celery. Never raises: a row that could not be queued waits for the relay.

    After a failed publish this process leaves the broker alone for REDIS_PAUSE_AFTER_FAILURE_SECONDS: a
    hung Redis costs each try about a second of socket timeouts, and every member sending evidence
    meanwhile would wait that second again. One try per pause finds out when it is back.
    """
    from evidence.tasks import send_outbound_email

    app = send_outbound_email.app
    broker = None if app.conf.task_always_eager else str(app.conf.broker_url)
    if broker is not None and time.monotonic() < _broker_paused_until.get(broker, 0.0):
        log.warning(
            "Outbound email %s not queued: the broker failed moments ago; the relay will pick it up.",
            email_id,
        )
        return False
    try:
        send_outbound_email.apply_async((email_id,))
    except Exception as exc:
        if broker is not None:
            _broker_paused_until[broker] = time.monotonic() + settings.REDIS_PAUSE_AFTER_FAILURE_SECONDS
        log.warning(
            "Could not queue outbound email %s (%s); the relay will pick it up.", email_id, type(exc).__name__
        )
        return False
    return True


def send_after_commit(email: OutboundEmail | None) -> None:
    """Queue the row once the surrounding transaction commits (at once outside a transaction)."""
    if email is None:
        return
    email_id = email.id
    transaction.on_commit(lambda: queue(email_id))


# --- Claiming and sending -----------------------------------------------------------------------


def _stale_claim_before(now: datetime) -> datetime:
    # Past the hard time limit the worker that claimed the row has certainly been stopped.
    return now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def claim(email_id: int) -> OutboundEmail | None:
    """Take the row for sending, or None if it is sent, failed, or being sent by another worker."""
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=_stale_claim_before(now))
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


def _release(email: OutboundEmail, **changes) -> None:
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


# --- Relay and resend ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RelayResult:
    requeued_pending: int
    requeued_stuck: int
    not_queued: int


def _take(rows: QuerySet, now: datetime, **changes) -> list[int]:
    """Mark a bounded batch with ``next_attempt_at=now`` and return the ids this call marked.

    Short conditional UPDATEs, no row locks held: a concurrent relay marks a row or we do, not both.
    """
    ids = list(rows.order_by("next_attempt_at").values_list("id", flat=True)[:RELAY_BATCH_SIZE])
    if not ids:
        return []
    rows.filter(id__in=ids).update(next_attempt_at=now, **changes)
    return list(
        OutboundEmail.objects.filter(id__in=ids, status=Status.PENDING, next_attempt_at=now).values_list(
            "id", flat=True
        )
    )


def relay(*, now: datetime | None = None) -> RelayResult:
    """Re-queue rows whose task was lost. Returns how many of each kind it queued."""
    now = now or timezone.now()
    stuck = _take(
        OutboundEmail.objects.filter(status=Status.SENDING, claimed_at__lt=_stale_claim_before(now)),
        now,
        status=Status.PENDING,
        last_error="The worker stopped before it finished; sending again.",
    )
    overdue = _take(
        OutboundEmail.objects.filter(
            status=Status.PENDING,
            next_attempt_at__lte=now - timedelta(seconds=settings.OUTBOX_RELAY_AFTER_SECONDS),
        ),
        now,
    )
    queued = {"stuck": 0, "pending": 0}
    not_queued = 0
    for label, ids in (("stuck", stuck), ("pending", overdue)):
        for email_id in ids:
            if not_queued or not queue(email_id):
                # The broker is unreachable: stop trying; the rows are due again after the relay delay.
                not_queued += 1
                continue
            queued[label] += 1
    if stuck or overdue:
        log.info(
            "Outbox relay queued %s pending and %s stuck rows; %s could not be queued.",
            queued["pending"],
            queued["stuck"],
            not_queued,
        )
    return RelayResult(
        requeued_pending=queued["pending"], requeued_stuck=queued["stuck"], not_queued=not_queued
    )


def resend_failed(email_ids: Iterable[int]) -> int:
    """Give failed rows a fresh set of tries and queue them. Rows in any other state are left alone."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.filter(id__in=list(email_ids), status=Status.FAILED).values_list(
                "id", flat=True
            )
        )
        resent = OutboundEmail.objects.filter(id__in=ids, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, next_attempt_at=now, claimed_at=None
        )
        for email_id in ids:
            transaction.on_commit(lambda email_id=email_id: queue(email_id))
    return resent
