"""Handing outbox rows to Celery: after commit, again from the relay, and again on "Send again".

- a row is queued only after its transaction commits, and queuing never fails the request: if the
  broker is down the row simply waits for the relay;
- the relay re-queues rows whose task was lost: pending well past their due time, or stuck in
  ``sending`` past the task's hard time limit (the worker died).

Logs name rows by id only.
"""

import functools
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from evidence.mail.outbox import stale_claim_before
from evidence.mail.sending import send_outbound_email
from evidence.models import OutboundEmail

log = logging.getLogger(__name__)

Status = OutboundEmail.Status

RELAY_BATCH_SIZE = 100


# --- Queuing ------------------------------------------------------------------------------------


# Broker URL -> time.monotonic() until which this process does not try it again.
_broker_paused_until: dict[str, float] = {}


def queue_email(email_id: int) -> bool:
    """Hand a row to Celery. Never raises: a row that could not be queued waits for the relay.

    After a failed publish this process leaves the broker alone for REDIS_PAUSE_AFTER_FAILURE_SECONDS: a
    hung Redis costs each try about a second of socket timeouts, and every member sending evidence
    meanwhile would wait that second again. One try per pause finds out when it is back.
    """
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
    transaction.on_commit(lambda: queue_email(email_id))


# --- Relay and resend ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RelayResult:
    requeued_pending: int
    requeued_stuck: int
    not_queued: int


def _take(rows: QuerySet[OutboundEmail], now: datetime, **changes: Any) -> list[int]:
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
        OutboundEmail.objects.filter(status=Status.SENDING, claimed_at__lt=stale_claim_before(now)),
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
            if not_queued or not queue_email(email_id):
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
            transaction.on_commit(functools.partial(queue_email, email_id))
    return resent
