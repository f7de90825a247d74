"""manage.py purge_access_log: deletes audit events older than ACCESS_LOG_RETENTION_DAYS, says how many."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from evidence.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_deletes_the_old_events_and_says_how_many(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 10
    now = timezone.now()
    for days in (11, 12, 9):
        AuditEvent.objects.create(
            action=AuditEvent.Action.SEARCH, actor="alice", at=now - timedelta(days=days)
        )
    out = StringIO()

    call_command("purge_access_log", stdout=out)

    assert list(AuditEvent.objects.values_list("at", flat=True)) == [now - timedelta(days=9)]
    assert out.getvalue().startswith("Deleted 2 audit events from before ")
    assert "(ACCESS_LOG_RETENTION_DAYS=10)" in out.getvalue()
