"""A sent submission is read for groups and alerts in the worker: one task, queued once its transaction
commits, that raises the alerts and finds the group even when the other part fails."""

from unittest import mock

import pytest

from evidence import tasks
from evidence.models import Submission, submission_sent
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def test_the_task_is_queued_with_the_submission_id_after_commit(django_capture_on_commit_callbacks):
    submission = SubmissionFactory()
    with mock.patch.object(tasks.read_sent_submission, "apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            submission_sent.send(sender=Submission, submission=submission)
        assert not apply_async.called  # nothing before the commit
        for callback in callbacks:
            callback()
    apply_async.assert_called_once_with((submission.pk,), argsrepr=f"({submission.pk},)", kwargsrepr="{}")


def test_a_broker_that_is_away_costs_the_member_nothing(django_capture_on_commit_callbacks):
    away = ConnectionError("away")
    with (
        mock.patch.object(tasks.read_sent_submission, "apply_async", side_effect=away) as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        submission_sent.send(sender=Submission, submission=SubmissionFactory())
    assert apply_async.called


def test_the_group_is_found_even_when_the_alerts_fail():
    with (
        mock.patch.object(tasks.alerts, "raise_alerts", side_effect=RuntimeError("mail templates gone")),
        mock.patch.object(tasks.groups, "find_group", return_value=7) as find_group,
        pytest.raises(RuntimeError),
    ):
        tasks.read_sent_submission.run(42)
    find_group.assert_called_once_with(submission_id=42)


def test_it_runs_on_the_default_queue(settings):
    assert settings.CELERY_TASK_ROUTES["evidence.tasks.read_sent_submission"] == {"queue": "default"}
