"""A sent submission is read for groups and alerts in the worker, queued once its transaction commits."""

from unittest import mock

import pytest

from evidence import tasks
from evidence.models import Submission, submission_sent
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    with (
        mock.patch.object(tasks.find_near_duplicate_group, "delay") as group,
        mock.patch.object(tasks.raise_alerts, "delay") as alert,
    ):
        yield group, alert


def test_both_tasks_are_queued_with_the_submission_id_after_commit(
    django_capture_on_commit_callbacks, queued
):
    submission = SubmissionFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission_sent.send(sender=Submission, submission=submission)
    group, alert = queued
    assert not group.called and not alert.called  # nothing before the commit
    for callback in callbacks:
        callback()
    group.assert_called_once_with(submission.pk)
    alert.assert_called_once_with(submission.pk)


def test_a_broker_that_is_away_costs_the_member_nothing(django_capture_on_commit_callbacks, queued):
    group, alert = queued
    alert.side_effect = ConnectionError("broker away")
    with django_capture_on_commit_callbacks(execute=True):
        submission_sent.send(sender=Submission, submission=SubmissionFactory())
    assert alert.called and not group.called


def test_both_tasks_run_on_the_default_queue(settings):
    for name in ("find_near_duplicate_group", "raise_alerts"):
        assert settings.CELERY_TASK_ROUTES[f"evidence.tasks.{name}"] == {"queue": "default"}
