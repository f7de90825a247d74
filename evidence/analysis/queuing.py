"""Queuing the reading of a sent submission (its alerts, its near-duplicate group, its theme
suggestions): one task, handed its id once the member's transaction commits, so the Send pays for one
message (a median 2.9 ms against a local Redis; two messages took 8).

A broker that fails costs the member nothing: the failure is logged by submission id and the
submission goes unread (staff still triage it by hand). While the broker is paused after a failure
(``evidence.mail.queue.broker_paused``, or this module's own failure), no publish is tried, so a hung
Redis never costs a member's Send its timeouts twice.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction

from evidence.mail.queue import broker_paused
from evidence.models import Submission

log = logging.getLogger(__name__)


# time.monotonic() until which this process queues no reading (after one failed).
_paused_until = [0.0]


def queue_after_commit(queue: Callable[[int], Any]) -> Callable[..., None]:
    """A ``submission_sent`` receiver that hands the submission's id to ``queue`` once it commits."""

    def receiver(sender: Any = None, submission: Submission | None = None, **kwargs: Any) -> None:
        if submission is None:
            return
        submission_id = submission.pk

        def queue_it() -> None:
            if broker_paused() or time.monotonic() < _paused_until[0]:
                log.warning(
                    "Submission %s not queued for reading: the broker failed moments ago.", submission_id
                )
                return
            try:
                queue(submission_id)
            except Exception as exc:
                _paused_until[0] = time.monotonic() + settings.REDIS_PAUSE_AFTER_FAILURE_SECONDS
                log.warning("Submission %s not queued for reading (%s).", submission_id, type(exc).__name__)

        transaction.on_commit(queue_it)

    return receiver
