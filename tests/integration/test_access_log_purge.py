"""The audit log's retention on the real path: beat's task name, a real worker, PostgreSQL and Redis.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL): the worker deletes the rows this test commits.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.models import AuditEvent
from nasuwt_send.celery import app
from tests.integration.harness import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_real_worker_runs_the_daily_purge_and_keeps_the_recent_events(
    celery_worker, smtp_sink, fresh_redis, test_database_url
):
    now = timezone.now()
    for days in (31, 45, 400):
        AuditEvent.objects.create(
            action=AuditEvent.Action.SEARCH, actor="alice", at=now - timedelta(days=days)
        )
    kept = AuditEvent.objects.create(
        action=AuditEvent.Action.SIGN_IN, actor="alice", at=now - timedelta(days=29)
    )
    celery_worker(
        database_url=test_database_url,
        redis_url=fresh_redis,
        email_url=smtp_sink.url,
        ACCESS_LOG_RETENTION_DAYS="30",
    )

    app.send_task("evidence.tasks.purge_access_log")

    wait_until(lambda: AuditEvent.objects.count() == 1, timeout=30, what="the worker to purge the old events")
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [kept.pk]
