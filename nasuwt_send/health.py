"""Readiness checks behind /healthz: each answers within a second or counts as down."""

import logging
from functools import lru_cache

import redis
from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as exc:  # any failure to reach the database means "not ready"
        log.warning("healthz: database check failed: %s", type(exc).__name__)
        return False


@lru_cache(maxsize=1)
def _redis_client() -> redis.Redis:
    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
        socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
        retry_on_timeout=False,
    )


def redis_answers() -> bool:
    try:
        return bool(_redis_client().ping())
    except Exception as exc:  # a hang surfaces as a timeout after REDIS_SOCKET_TIMEOUT
        log.warning("healthz: redis check failed: %s", type(exc).__name__)
        return False


def readiness() -> dict[str, bool]:
    checks = {"database": database_answers()}
    if settings.REDIS_URL:
        checks["redis"] = redis_answers()
    return checks
