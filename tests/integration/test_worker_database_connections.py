"""A real worker keeps its PostgreSQL connection from task to task (nasuwt_send.celery), as a web
process does between requests, instead of Celery's default of a new connection for every task.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
"""

import pytest
from django.core.cache import cache
from django.db import connection

from evidence.publishing.public_figures import CACHE_KEY
from nasuwt_send.celery import app
from tests.integration.harness import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def other_backends() -> set[int]:
    """The backends connected to the test database other than this test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


def refresh_figures() -> None:
    """A task that reads the database; done when its figures are in the cache."""
    cache.delete(CACHE_KEY)
    app.send_task("evidence.tasks.refresh_public_figures")
    wait_until(lambda: cache.get(CACHE_KEY), timeout=30, what="the worker to refresh the figures")


def test_the_worker_reuses_its_database_connection_between_tasks(
    celery_worker, smtp_sink, fresh_redis, test_database_url
):
    celery_worker(database_url=test_database_url, redis_url=fresh_redis, email_url=smtp_sink.url)
    refresh_figures()
    after_one = other_backends()
    for _ in range(3):
        refresh_figures()

    assert len(after_one) == 1  # the worker's, still open after its task
    assert other_backends() == after_one  # and the same one three tasks later
