"""The theme model's retraining (evidence.tasks.train_theme_model, manage.py train_theme_model): nightly
on the heavy queue after the purges, watched by the metrics, and by hand with the command."""

import io

import pytest
from celery.schedules import crontab
from django.core.management import call_command

from evidence.models import ThemeModel
from evidence.tasks import read_sent_submission, train_theme_model
from nasuwt_send import job_runs
from nasuwt_send.celery import app
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def test_the_model_is_retrained_nightly_after_the_purges(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["train-theme-model"]
    assert entry["task"] == train_theme_model.name
    assert entry["schedule"] == crontab(minute=15, hour=4)
    purge = settings.CELERY_BEAT_SCHEDULE["purge-expired-evidence"]["schedule"]
    assert max(purge.hour) < min(entry["schedule"].hour)


def test_training_runs_on_the_heavy_queue_and_suggestions_on_the_default_one():
    assert app.amqp.router.route({}, train_theme_model.name)["queue"].name == "heavy"
    assert app.amqp.router.route({}, read_sent_submission.name)["queue"].name == "default"


def test_the_metrics_watch_the_trainings_last_success():
    assert train_theme_model.name in job_runs.WATCHED_JOBS


def test_the_task_and_the_command_both_replace_the_model():
    SubmissionFactory()
    before = ThemeModel.objects.get().pk
    assert train_theme_model.delay().get()["live"] == 1
    after = ThemeModel.objects.get().pk
    out = io.StringIO()
    call_command("train_theme_model", stdout=out)
    assert "1 live submissions" in out.getvalue()
    assert len({before, after, ThemeModel.objects.get().pk}) == 3
