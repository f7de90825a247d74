"""When each watched scheduled job last finished, for the metrics (``nasuwt_send.metrics``).

A purge that stops running breaks the retention promise without anyone noticing: operators alert on
its last success. The worker records it when the task returns (Celery's ``task_success``, connected in
``nasuwt_send.celery``), so no task needs to know about metrics.

The times live in one Redis hash on ``REDIS_URL``, the broker's Redis, which is never evicted (the
cache's may be) and needs no migration; it holds job names and times only. Redis restarted empty
loses them: the metric is then absent until each job's next run, and an alert on ``absent()`` says so.
Recording never raises: a metric must not fail the job.
"""

import logging
import time
from typing import Any

import redis
from django.conf import settings

log = logging.getLogger(__name__)

WATCHED_JOBS = (
    "evidence.tasks.purge_expired_evidence",
    "evidence.tasks.purge_abandoned_journeys",
    "evidence.tasks.purge_access_log",
    "evidence.tasks.train_theme_model",
    "evidence.tasks.purge_expired_exports",  # export files past their retention (issue 16)
)
JOB_SUCCESS_KEY = "metrics:job-last-success"


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
        socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
        retry_on_timeout=False,
    )


def record_job_success(*, job: str, at: float | None = None) -> None:
    if job not in WATCHED_JOBS or not settings.REDIS_URL:
        return
    try:
        redis_client().hset(JOB_SUCCESS_KEY, job, at if at is not None else time.time())
    except redis.RedisError as exc:
        log.warning("Could not record %s's success for the metrics (%s).", job, type(exc).__name__)


def on_task_success(sender: Any = None, **kwargs: Any) -> None:
    """Celery's ``task_success`` receiver: ``sender`` is the task that returned."""
    record_job_success(job=getattr(sender, "name", ""))


def last_successes(client: redis.Redis) -> dict[str, float]:
    finished: dict[bytes, bytes] = client.hgetall(JOB_SUCCESS_KEY)  # type: ignore[assignment]
    return {job.decode(): float(at) for job, at in finished.items()}
