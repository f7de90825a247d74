"""Handing outbox rows to Celery: after commit, again from the relay, and again on "Send again".

The rules that keep a row from waiting longer than it must (sending is ``evidence.mail.outbox``):

- a row is queued only after its transaction commits, and queuing never fails the request: if the
  broker is away the row is marked ``not_queued`` and waits for the relay;
- the first publish that succeeds in a process after one failed also queues a relay run, so rows that
  waited for the broker go out as soon as it answers, not at the next minute;
- the relay queues every due row, batch after batch, until none is due or its time budget
  (OUTBOX_RELAY_BUDGET_SECONDS) is spent, so a backlog drains at the workers' speed; a run that ran
  out of time queues the next one. Due means: stuck in ``sending`` past the task's hard time limit
  (the worker died); ``not_queued``; pending OUTBOX_RELAY_AFTER_SECONDS past ``next_attempt_at`` (the
  task was lost on its way); and every pending row once the broker has lost what it held (the mark
  the relay leaves in it is gone: restarted empty or flushed), a row waiting out a back-off with that
  wait as its task's ETA; a run that could not finish that walk removes the mark again, so the next
  run walks too;
- a batch is taken with ``SELECT ... FOR UPDATE SKIP LOCKED``, queued, and marked as no longer due,
  all in one transaction, so two relays never queue the same row, and a relay stopped between the
  queuing and the mark (its worker killed) leaves its rows as they were, still due, instead of marked
  queued with nothing in the broker (they waited OUTBOX_RELAY_AFTER_SECONDS for the overdue pass); a
  worker that gets one of the batch's tasks meanwhile waits for the mark at its claim, on the row's
  lock; a batch taken but not queued (the broker went away mid-run) is marked ``not_queued``.

Logs name rows by id only.
"""

import functools
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import redis
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.db.models.functions import Greatest
from django.utils import timezone

from evidence.mail.outbox import stale_claim_before
from evidence.mail.sending import send_outbound_email
from evidence.models import OutboundEmail

log = logging.getLogger(__name__)

Status = OutboundEmail.Status

RELAY_BATCH_SIZE = 1000
# The relay task's own soft time limit, longer than other tasks' one minute: one run must be able to
# queue a backlog of 100,000 rows (960 rows/s measured on a busy 2-core machine, so about 105 s).
RELAY_SOFT_TIME_LIMIT_SECONDS = 180
RELAY_TASK = "evidence.tasks.relay_outbox"
# A key the relay keeps in the broker's Redis: if it is gone, so is every task queued before.
BROKER_MARK = "evidence:outbox:broker-mark"


# --- Queuing ------------------------------------------------------------------------------------


# Broker URL -> time.monotonic() until which this process does not try it again. An entry stays
# until the next successful publish, which is how that publish knows it is the first after a failure.
_broker_paused_until: dict[str, float] = {}


def _broker() -> str | None:
    """The broker's URL, or None when tasks run in-process (no broker: nothing can be lost)."""
    app = send_outbound_email.app
    return None if app.conf.task_always_eager else str(app.conf.broker_url)


def broker_paused() -> bool:
    """True while this process leaves a broker that failed moments ago alone: other work queued after a
    member's commit (reading a new submission, theme suggestions) checks this too, so a member never
    waits out the broker's timeouts again."""
    broker = _broker()
    return broker is not None and time.monotonic() < _broker_paused_until.get(broker, 0.0)


def queue_email(email_id: int) -> bool:
    """Hand a row to Celery. Never raises: a row that could not be queued waits for the relay.

    After a failed publish this process leaves the broker alone for REDIS_PAUSE_AFTER_FAILURE_SECONDS: a
    hung Redis costs each try about a second of socket timeouts, and every member sending evidence
    meanwhile would wait that second again. One try per pause finds out when it is back.
    """
    broker = _broker()
    if broker is not None and time.monotonic() < _broker_paused_until.get(broker, 0.0):
        log.warning(
            "Outbound email %s not queued: the broker failed moments ago; the relay will pick it up.",
            email_id,
        )
        _mark_not_queued([email_id])
        return False
    try:
        # Its arguments' repr given: Celery's own safe repr was a fifth of a Send's publish (decision 0075).
        send_outbound_email.apply_async((email_id,), **cheap_publish(email_id))
    except Exception as exc:
        if broker is not None:
            _broker_paused_until[broker] = time.monotonic() + settings.REDIS_PAUSE_AFTER_FAILURE_SECONDS
        log.warning(
            "Could not queue outbound email %s (%s); the relay will pick it up.", email_id, type(exc).__name__
        )
        _mark_not_queued([email_id])
        return False
    if broker is not None and _broker_paused_until.pop(broker, None) is not None:
        log.info("The broker answers again: queuing the outbox relay for the rows that waited.")
        queue_relay()
    return True


def queue_relay() -> None:
    """Ask for a relay run now (by name: the task is an entry point above this package)."""
    if _broker() is None:
        return
    try:
        send_outbound_email.app.send_task(RELAY_TASK)
    except Exception as exc:
        log.warning("Could not queue the outbox relay (%s); beat will run it.", type(exc).__name__)


def _mark_not_queued(email_ids: list[int]) -> None:
    if not email_ids:
        return
    try:
        OutboundEmail.objects.filter(id__in=email_ids, status=Status.PENDING).update(not_queued=True)
    except DatabaseError as exc:
        # The relay still finds the row once it is OUTBOX_RELAY_AFTER_SECONDS overdue.
        log.warning(
            "Could not mark %s outbound email(s) not queued (%s).", len(email_ids), type(exc).__name__
        )


def send_after_commit(email: OutboundEmail | None) -> None:
    """Queue the row once the surrounding transaction commits (at once outside a transaction)."""
    if email is None:
        return
    email_id = email.id
    transaction.on_commit(lambda: queue_email(email_id))


def queue_batch(rows: list[tuple[int, datetime]], *, now: datetime) -> int:
    """Queue ``(id, due)`` rows, a row not yet due with its due time as the task's ETA.

    One producer and one round trip to the broker for the whole batch (kombu's publish batch: a
    Redis pipeline), so the relay queues thousands of rows a second. All or nothing as far as we
    know: returns len(rows), or 0 if the broker failed (some may have been queued all the same; their
    second task finds the row claimed or sent).
    """
    if not rows:
        return 0
    try:
        with (
            send_outbound_email.app.producer_or_acquire() as producer,
            producer.batch(max_size=len(rows)),
        ):
            for position, (email_id, due) in enumerate(rows):
                options = cheap_publish(email_id, first=position == 0)
                if due > now:
                    options["eta"] = due
                send_outbound_email.apply_async((email_id,), producer=producer, **options)
    except Exception as exc:
        log.warning("The relay could not queue %s outbound emails (%s).", len(rows), type(exc).__name__)
        return 0
    return len(rows)


def cheap_publish(object_id: int, *, first: bool = True) -> dict[str, Any]:
    """apply_async's options that halve a message's cost in a batch, its routes and limits unchanged;
    for a task whose one argument is an id (``first``: declare the queue, as the only message does).

    Celery otherwise declares the queue again for every message and writes the arguments' repr with
    its safe (slow) repr: 5,000 rows queued at 1,050-1,460 rows/s that way, 2,750-2,820 with these
    (the development machine, load 1.6). The first message of a batch declares the queue as usual.
    """
    options: dict[str, Any] = {"argsrepr": f"({object_id},)", "kwargsrepr": "{}"}
    if not first:
        options["declare"] = []
    return options


# --- Relay and resend ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RelayResult:
    requeued_pending: int
    requeued_stuck: int
    not_queued: int


def broker_was_emptied() -> bool:
    """Whether the broker has lost what it held since the relay last looked; leaves the mark again.

    True the first time ever, too (a relay run that queues a few rows twice; the claim sends each
    once). Never raises: a broker that cannot be reached has told us nothing yet.
    """
    broker = _broker()
    if broker is None or not broker.startswith(("redis://", "rediss://", "unix://")):
        return False
    try:
        with _broker_client(broker) as client:
            return bool(client.set(BROKER_MARK, timezone.now().isoformat(), nx=True))
    except redis.RedisError:
        return False


def forget_broker_mark() -> None:
    """Remove the mark, so the next relay run treats the broker as emptied. Never raises."""
    broker = _broker()
    if broker is None or not broker.startswith(("redis://", "rediss://", "unix://")):
        return
    try:
        with _broker_client(broker) as client:
            client.delete(BROKER_MARK)
    except redis.RedisError as exc:
        log.warning("Could not remove the outbox relay's mark from the broker (%s).", type(exc).__name__)


def _broker_client(broker: str) -> redis.Redis:
    return redis.Redis.from_url(
        broker,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
        socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
    )


def _take_and_queue(
    due: Q, changes: dict[str, Any], *, order: str, now: datetime, after_id: int = 0
) -> tuple[list[tuple[int, datetime]], int]:
    """Lock a batch of due rows others have not locked, queue it and mark it; the batch's ``(id, due)``
    pairs and how many were queued (all or none)."""
    with transaction.atomic():
        rows = list(
            OutboundEmail.objects.filter(due, id__gt=after_id)
            .select_for_update(skip_locked=True)
            .order_by(order)
            .values_list("id", "next_attempt_at")[:RELAY_BATCH_SIZE]
        )
        if not rows:
            return rows, 0
        sent = queue_batch(rows, now=now)
        marks = changes if sent == len(rows) else {**changes, "not_queued": True}
        OutboundEmail.objects.filter(id__in=[email_id for email_id, _ in rows]).update(**marks)
    return rows, sent


def relay(*, now: datetime | None = None) -> RelayResult:
    """Queue every due row (see the rules above) until none is left or the time budget is spent."""
    now = now or timezone.now()
    started = time.monotonic()
    # Within the task's own soft time limit, whatever the settings say.
    budget = min(settings.OUTBOX_RELAY_BUDGET_SECONDS, 0.8 * RELAY_SOFT_TIME_LIMIT_SECONDS)
    overdue = now - timedelta(seconds=settings.OUTBOX_RELAY_AFTER_SECONDS)
    queued = {"stuck": 0, "pending": 0}
    emptied = broker_was_emptied()
    stuck = (
        "stuck",
        Q(status=Status.SENDING, claimed_at__lt=stale_claim_before(now)),
        {
            "status": Status.PENDING,
            "next_attempt_at": now,
            "not_queued": False,
            "last_error": "The worker stopped before it finished; sending again.",
        },
        "next_attempt_at",
    )
    # Each pass's marks make its rows no longer due, except the walk through every pending row,
    # which goes by id; the stuck rows come after it, so none is queued twice.
    passes: list[tuple[str, Q, dict[str, Any], str]] = [
        stuck,
        (
            "pending",
            Q(status=Status.PENDING, not_queued=True),
            {"not_queued": False, "next_attempt_at": Greatest("next_attempt_at", now)},
            "next_attempt_at",
        ),
        (
            "pending",
            Q(status=Status.PENDING, next_attempt_at__lte=overdue),
            {"next_attempt_at": now},
            "next_attempt_at",
        ),
    ]
    if emptied:
        walk = {"not_queued": False, "next_attempt_at": Greatest("next_attempt_at", now)}
        passes = [("pending", Q(status=Status.PENDING), walk, "id"), stuck]
    not_queued = 0
    out_of_time = False
    for label, due, changes, order in passes:
        after_id = 0
        while not not_queued:
            if time.monotonic() - started > budget:
                out_of_time = True
                break
            rows, sent = _take_and_queue(due, changes, order=order, now=now, after_id=after_id)
            if not rows:
                break
            if order == "id":
                after_id = rows[-1][0]
            queued[label] += sent
            if sent < len(rows):
                # The broker went away: the batch is due again as soon as it answers.
                not_queued = len(rows) - sent
        if out_of_time or not_queued:
            break
    if queued["stuck"] or queued["pending"] or not_queued or emptied:
        log.info(
            "Outbox relay queued %s pending and %s stuck rows in %.1f s; %s could not be queued%s%s.",
            queued["pending"],
            queued["stuck"],
            time.monotonic() - started,
            not_queued,
            "; the broker had lost what it held, so every pending row was queued" if emptied else "",
            "; out of time, the next run is queued" if out_of_time else "",
        )
    if emptied and (out_of_time or not_queued):
        # The walk through every pending row did not finish: the next run must walk again.
        forget_broker_mark()
    if out_of_time:
        queue_relay()
    return RelayResult(
        requeued_pending=queued["pending"], requeued_stuck=queued["stuck"], not_queued=not_queued
    )


def resend_failed(email_ids: Iterable[int]) -> int:
    """Give failed rows a fresh budget and queue them. Rows in any other state are left alone."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.filter(id__in=list(email_ids), status=Status.FAILED).values_list(
                "id", flat=True
            )
        )
        resent = OutboundEmail.objects.filter(id__in=ids, status=Status.FAILED).update(
            status=Status.PENDING,
            attempts=0,
            first_attempt_at=None,
            next_attempt_at=now,
            claimed_at=None,
            not_queued=False,
        )
        for email_id in ids:
            transaction.on_commit(functools.partial(queue_email, email_id))
    return resent
