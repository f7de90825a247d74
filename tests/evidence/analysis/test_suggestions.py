"""Theme suggestions for a submission (evidence.analysis.suggestions): queued once the submission
commits, computed in the task, only beyond the member's themes, and a decided one never comes back."""

import pytest

from evidence.analysis import queuing, suggestions
from evidence.models import Submission, ThemeSuggestion
from tests.factories import SubmissionFactory, ThemeSuggestionFactory, theme
from tests.journeys import evidence_answers, send_evidence

pytestmark = pytest.mark.django_db

ABOUT_BANDING_AND_SV = (
    "Our local authority banding panel moved pupils into a lower band and cut the top-up funding. "
    "The council is in the Safety Valve programme and schools were not consulted on the deficit plan."
)


def about_banding_and_sv(**fields) -> Submission:
    return SubmissionFactory(experience=ABOUT_BANDING_AND_SV, **fields)


def suggested_slugs(submission: Submission) -> set[str]:
    return set(submission.theme_suggestions.values_list("theme__slug", flat=True))


def test_it_suggests_the_themes_the_words_are_about_with_a_confidence():
    submission = about_banding_and_sv(themes=["workload"])
    found = suggestions.suggest_themes(submission_id=submission.pk)
    assert {"banding", "sv-dbv"} <= suggested_slugs(submission)
    assert all(0 < s.confidence <= 1 and s.state == "open" for s in found)


def test_it_never_suggests_a_theme_the_member_chose():
    submission = about_banding_and_sv(themes=["banding"])
    suggestions.suggest_themes(submission_id=submission.pk)
    assert "banding" not in suggested_slugs(submission)


def test_it_never_suggests_again_a_theme_staff_rejected():
    submission = about_banding_and_sv(themes=["workload"])
    ThemeSuggestionFactory(submission=submission, theme=theme("banding"), state="rejected")
    suggestions.suggest_themes(submission_id=submission.pk)
    assert submission.theme_suggestions.get(theme__slug="banding").state == "rejected"


def test_running_it_twice_keeps_one_suggestion_per_theme():
    submission = about_banding_and_sv(themes=["workload"])
    suggestions.suggest_themes(submission_id=submission.pk)
    first = ThemeSuggestion.objects.count()
    suggestions.suggest_themes(submission_id=submission.pk)
    assert ThemeSuggestion.objects.count() == first > 0


def test_it_leaves_restricted_submissions_alone():
    submission = about_banding_and_sv(themes=["workload"], restricted=True)
    assert suggestions.suggest_themes(submission_id=submission.pk) == []
    assert not ThemeSuggestion.objects.exists()


def test_a_submission_gone_before_the_task_runs_is_no_error():
    assert suggestions.suggest_themes(submission_id=987654) == []


def test_sending_evidence_queues_the_suggestions_only_once_the_submission_commits(
    client, django_capture_on_commit_callbacks
):
    answers = evidence_answers(themes=("workload",))
    answers["your-experience"]["experience"] = ABOUT_BANDING_AND_SV
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_evidence(client, answers)
    submission = Submission.objects.get()
    assert not ThemeSuggestion.objects.exists()  # nothing computed in the member's request
    for callback in callbacks:
        callback()  # the commit: the (eager) task runs
    assert {"banding", "sv-dbv"} <= suggested_slugs(submission)


def test_a_broker_that_fails_is_left_alone_for_a_while_and_costs_no_error(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(queuing, "_paused_until", [0.0])
    tries: list[int] = []

    def broken_queue(submission_id: int) -> None:
        tries.append(submission_id)
        raise ConnectionError("the broker is down")

    receiver = queuing.queue_after_commit(broken_queue)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            receiver(submission=SubmissionFactory())
    assert len(tries) == 1  # the next members' Sends do not wait for it again
    assert not ThemeSuggestion.objects.exists()
