"""The Celery task that sends one outbox row: thin, it takes the row's id.

Its registered name stays ``evidence.tasks.send_outbound_email`` (where it was first defined), so
messages already in the broker still find it; ``evidence.tasks`` imports it for the worker.

How long a failing row keeps trying is decided on the row (EMAIL_RETRY_FOR_SECONDS from its first
attempt, ``evidence.mail.outbox``), not by Celery's count of retries: the task retries for as long as
the row asks. Run in-process (no broker: local development and eager tests) it does not retry, which
would hold the request for the back-off: the row waits, pending, for the relay.
"""

from typing import Any

from celery import Task, shared_task
from django.conf import settings

from evidence.mail import outbox


# Its hard limit is the one after which the outbox counts a claim stale (outbox.stale_claim_before
# reads CELERY_TASK_TIME_LIMIT): the two stay equal, so a row is never claimed again while its task may
# still be running. One message, one SMTP conversation of at most EMAIL_TIMEOUT per step.
@shared_task(
    bind=True,
    name="evidence.tasks.send_outbound_email",
    max_retries=None,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_outbound_email(self: Task[Any, Any], email_id: int) -> str:
    delivery = outbox.deliver(email_id)
    if delivery.retry_in is not None and not self.request.is_eager:
        # The row already holds the error and its next due time; the budget is counted on it.
        raise self.retry(countdown=delivery.retry_in, max_retries=None)
    return delivery.status
