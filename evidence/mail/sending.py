"""The Celery task that sends one outbox row: thin, it takes the row's id.

Its registered name stays ``evidence.tasks.send_outbound_email`` (where it was first defined), so
messages already in the broker still find it; ``evidence.tasks`` imports it for the worker.
"""

from typing import Any

from celery import Task, shared_task
from django.conf import settings

from evidence.mail import outbox


@shared_task(
    bind=True, name="evidence.tasks.send_outbound_email", max_retries=settings.EMAIL_SEND_MAX_RETRIES
)
def send_outbound_email(self: Task[Any, Any], email_id: int) -> str:
    delivery = outbox.deliver(email_id)
    if delivery.retry_in is not None:
        # The row already holds the error and its next due time; the retry budget is counted on it.
        raise self.retry(countdown=delivery.retry_in, max_retries=settings.EMAIL_SEND_MAX_RETRIES)
    return delivery.status
