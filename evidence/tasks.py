"""Celery tasks: thin, each takes an id (or nothing) and calls the package that owns the work.

Every task is registered as ``evidence.tasks.<name>``, the names the beat schedule and any message
already in the broker use. ``send_outbound_email`` is defined beside the outbox it sends
(``evidence.mail.sending``), so that queuing a row never imports this module; it is imported here so
the worker, which autodiscovers this module, registers it.

acks_late, prefetch 1 and the time limits are set for every task in settings (CELERY_*).
"""

from typing import Any

from celery import Task, shared_task

from evidence import digest
from evidence.mail import queue
from evidence.mail.sending import send_outbound_email
from evidence.privacy import audit
from evidence.weeks import IsoWeek

__all__ = ["purge_access_log", "relay_outbox", "send_outbound_email", "send_weekly_digest"]


@shared_task(
    bind=True,
    soft_time_limit=queue.RELAY_SOFT_TIME_LIMIT_SECONDS,
    time_limit=queue.RELAY_SOFT_TIME_LIMIT_SECONDS + 30,
)
def relay_outbox(self: Task[Any, Any]) -> dict[str, int]:
    result = queue.relay()
    return {
        "requeued_pending": result.requeued_pending,
        "requeued_stuck": result.requeued_stuck,
        "not_queued": result.not_queued,
    }


@shared_task(bind=True)
def send_weekly_digest(self: Task[Any, Any], week: str | None = None) -> str:
    email, created = digest.send_weekly_digest(week=IsoWeek.parse(week) if week else None)
    if email is None:
        return "not written"
    return f"{email.idempotency_key} {'written' if created else 'already written'}"


# A first run after a long pause may have many batches: a time limit stops it between whole batches, and
# the next day's run carries on.
@shared_task(bind=True, soft_time_limit=600, time_limit=660)
def purge_access_log(self: Task[Any, Any]) -> int:
    return audit.purge_access_log()
