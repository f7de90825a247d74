"""The Celery tasks (evidence.tasks): thin, each takes an id or nothing and says what it did."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from evidence import digest
from evidence.mail import queue
from evidence.tasks import relay_outbox, send_weekly_digest
from evidence.weeks import IsoWeek
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db

W48 = IsoWeek(2026, 48)


def test_the_relay_task_returns_its_counts(settings, monkeypatch):
    settings.OUTBOX_RELAY_AFTER_SECONDS = 300
    monkeypatch.setattr(queue, "queue_email", lambda email_id: True)
    lost = timezone.now() - timedelta(seconds=400)
    OutboundEmailFactory(created_at=lost, next_attempt_at=lost)

    result = relay_outbox.apply().get()

    assert result == {"requeued_pending": 1, "requeued_stuck": 0, "not_queued": 0}


def test_the_digest_task_sends_last_weeks_digest_by_default(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(digest.IsoWeek, "last_complete", classmethod(lambda cls, now=None: W48))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digest.apply().get() == "digest:2026-W48 written"
        assert send_weekly_digest.apply().get() == "digest:2026-W48 already written"
        assert send_weekly_digest.apply(kwargs={"week": "2026-W53"}).get() == "digest:2026-W53 written"

    assert len(mail.outbox) == 2


def test_the_send_task_keeps_the_name_messages_in_the_broker_already_carry():
    from evidence import tasks
    from evidence.mail import sending
    from nasuwt_send.celery import app

    assert sending.send_outbound_email.name == "evidence.tasks.send_outbound_email"
    # evidence.tasks imports it so the worker, which autodiscovers evidence.tasks, registers it.
    assert tasks.send_outbound_email is sending.send_outbound_email
    assert app.tasks["evidence.tasks.send_outbound_email"] == sending.send_outbound_email


def test_the_access_log_purge_runs_daily_away_from_the_clock_change_hour(settings):
    from celery.schedules import crontab

    from evidence.models import AuditEvent
    from evidence.tasks import purge_access_log

    entry = settings.CELERY_BEAT_SCHEDULE["purge-access-log"]
    assert entry["task"] == purge_access_log.name == "evidence.tasks.purge_access_log"
    assert entry["schedule"] == crontab(minute=45, hour=3)

    settings.ACCESS_LOG_RETENTION_DAYS = 1
    AuditEvent.objects.create(action=AuditEvent.Action.SEARCH, at=timezone.now() - timedelta(days=2))
    assert purge_access_log.apply().get() == 1


def test_the_purge_tasks_are_scheduled_daily_and_hourly_and_say_what_they_did(settings):
    from evidence.tasks import purge_abandoned_journeys, purge_expired_evidence

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["purge-expired-evidence"]["task"] == "evidence.tasks.purge_expired_evidence"
    assert schedule["purge-expired-evidence"]["schedule"].hour == {3}
    assert schedule["purge-abandoned-journeys"]["task"] == "evidence.tasks.purge_abandoned_journeys"
    assert len(schedule["purge-abandoned-journeys"]["schedule"].hour) == 24

    assert purge_expired_evidence.apply().get() == {"submissions": 0, "files": 0, "emails": 0}
    assert purge_abandoned_journeys.apply().get() == {"journeys": 0, "files": 0}


def test_the_personal_data_purge_runs_daily_after_the_others_and_deletes_old_zips(settings, grace):
    from celery.schedules import crontab

    from evidence.models import PersonalDataRequest
    from evidence.tasks import make_personal_data_zip, purge_expired_personal_data

    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-personal-data"]
    assert entry["task"] == purge_expired_personal_data.name == "evidence.tasks.purge_expired_personal_data"
    assert entry["schedule"] == crontab(minute=55, hour=3)

    settings.SUBJECT_ACCESS_RETENTION_DAYS = 7
    old = PersonalDataRequest.objects.create(
        requested_by=grace, requested_at=timezone.now() - timedelta(days=8)
    )
    PersonalDataRequest.objects.create(requested_by=grace, requested_at=timezone.now() - timedelta(days=6))
    assert purge_expired_personal_data.apply().get() == 1
    assert not PersonalDataRequest.objects.filter(pk=old.pk).exists()
    assert make_personal_data_zip.apply(args=(old.pk,)).get() == f"personal data request {old.pk} gone"
