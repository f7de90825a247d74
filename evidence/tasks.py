"""Celery tasks: thin, each takes an id (or nothing) and calls a service.

acks_late, prefetch 1 and the time limits are set for every task in settings (CELERY_*).
"""

from celery import shared_task
from django.conf import settings

from evidence import digest, outbox


@shared_task(bind=True, max_retries=settings.EMAIL_SEND_MAX_RETRIES)
def send_outbound_email(self, email_id: int) -> str:
    delivery = outbox.deliver(email_id)
    if delivery.retry_in is not None:
        # The row already holds the error and its next due time; the retry budget is counted on it.
        raise self.retry(countdown=delivery.retry_in, max_retries=settings.EMAIL_SEND_MAX_RETRIES)
    return delivery.status


@shared_task(bind=True)
def relay_outbox(self) -> dict[str, int]:
    result = outbox.relay()
    return {
        "requeued_pending": result.requeued_pending,
        "requeued_stuck": result.requeued_stuck,
        "not_queued": result.not_queued,
    }


@shared_task(bind=True)
def send_weekly_digest(self, week: str | None = None) -> str:
    email, created = digest.send_weekly_digest(week=digest.IsoWeek.parse(week) if week else None)
    if email is None:
        return "not written"
    return f"{email.idempotency_key} {'written' if created else 'already written'}"
