"""The Celery app really carries the reliability settings (a misspelt setting silently does nothing)."""

import gc

import pytest
from celery.schedules import crontab
from celery.signals import worker_process_init, worker_ready

from nasuwt_send.celery import app


def test_tasks_are_acknowledged_late_and_fetched_one_at_a_time():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_tasks_have_soft_and_hard_time_limits():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_the_visibility_timeout_outlasts_the_longest_retry_countdown(settings):
    options = app.conf.broker_transport_options
    assert options["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT
    # A retry waits up to the back-off cap as an unacknowledged ETA message: it must not be redelivered.
    assert options["visibility_timeout"] > settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS
    assert options["visibility_timeout"] > app.conf.task_time_limit


def test_the_broker_has_sub_second_socket_timeouts_and_one_quick_publish_retry():
    options = app.conf.broker_transport_options
    assert options["socket_timeout"] <= 0.5
    assert options["socket_connect_timeout"] <= 0.5
    assert app.conf.broker_connection_timeout <= 1
    assert app.conf.task_publish_retry_policy["max_retries"] <= 1


def test_no_result_backend():
    assert app.conf.task_ignore_result is True
    assert not app.conf.result_backend


def test_the_clock_is_london():
    assert app.conf.timezone == "Europe/London"
    assert app.conf.enable_utc is True


def test_the_relay_runs_every_minute():
    entry = app.conf.beat_schedule["relay-outbox"]
    assert entry["task"] == "evidence.tasks.relay_outbox"
    assert entry["schedule"] == 60.0


def test_the_digest_runs_on_monday_at_seven_london_time():
    entry = app.conf.beat_schedule["weekly-digest"]
    assert entry["task"] == "evidence.tasks.send_weekly_digest"
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.minute == {0}
    assert schedule.hour == {7}
    assert schedule.day_of_week == {1}


def test_the_scheduled_tasks_exist():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


@pytest.mark.parametrize("signal", [worker_ready, worker_process_init])
def test_the_process_that_runs_tasks_freezes_what_it_loaded(signal):
    gc.unfreeze()
    try:
        signal.send(sender=None)

        assert gc.get_freeze_count() > 10_000  # Django and the tasks, loaded by the test run
    finally:
        gc.unfreeze()
