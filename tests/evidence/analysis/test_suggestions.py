"""Theme suggestions for a submission (evidence.analysis.suggestions): queued once the submission
commits, computed in the task, only beyond the member's themes, and a decided one never comes back."""

import pytest
from django.db import transaction

from evidence.analysis import queuing, suggestions
from evidence.analysis.theme_model import own_words
from evidence.models import ANSWER_MODELS, GeneralAnswer, Submission, Theme, ThemeSuggestion, WorkloadAnswer
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


def test_a_new_submission_costs_four_queries_and_a_second_reading_no_more(django_assert_max_num_queries):
    submission = about_banding_and_sv(themes=["workload"])
    suggestions.current_scorer()  # the model, read once per worker process
    # The locked row with its words, the model's id, the themes, the upsert; and here, inside the test's
    # transaction, the savepoint of suggest_themes' atomic block and its release.
    with django_assert_max_num_queries(4 + 2):
        first = suggestions.suggest_themes(submission_id=submission.pk)
    with django_assert_max_num_queries(4 + 2):
        again = suggestions.suggest_themes(submission_id=submission.pk)
    assert len(first) == len(again) >= 2


def test_a_refreshed_suggestion_keeps_its_row_and_time():
    submission = about_banding_and_sv(themes=["workload"])
    suggestions.suggest_themes(submission_id=submission.pk)
    before = set(submission.theme_suggestions.values_list("pk", "theme__slug", "suggested_at", "confidence"))
    submission.theme_suggestions.update(confidence=0.01)
    suggestions.suggest_themes(submission_id=submission.pk)
    after = set(submission.theme_suggestions.values_list("pk", "theme__slug", "suggested_at", "confidence"))
    assert after == before


def test_an_open_suggestion_of_a_theme_staff_then_added_is_removed():
    submission = about_banding_and_sv(themes=["workload"])
    suggestions.suggest_themes(submission_id=submission.pk)
    submission.staff_themes.add(theme("banding"))
    suggestions.suggest_themes(submission_id=submission.pk)
    assert "banding" not in suggested_slugs(submission)
    assert "sv-dbv" in suggested_slugs(submission)


# What suggest_themes did before issue 16 made it cheaper (22 queries for a new submission): the
# reference the cheaper one must match, row for row.
@transaction.atomic
def previous_suggest_themes(*, submission_id: int) -> list[ThemeSuggestion]:
    submission = Submission.objects.select_for_update().filter(pk=submission_id, restricted=False).first()
    scorer = suggestions.current_scorer()
    if submission is None or scorer is None:
        return []
    details: list[str] = []
    for model in ANSWER_MODELS.values():
        details += model._default_manager.filter(submission=submission).values_list("details", flat=True)
    found = scorer.suggested(own_words(submission.experience, details))
    taken = {t.slug for t in submission.themes.all()} | {t.slug for t in submission.staff_themes.all()}
    decided = set(
        submission.theme_suggestions.exclude(state=ThemeSuggestion.State.OPEN).values_list(
            "theme__slug", flat=True
        )
    )
    open_now = {slug: p for slug, p in found.items() if slug not in taken | decided}
    submission.theme_suggestions.filter(state=ThemeSuggestion.State.OPEN).exclude(
        theme__slug__in=open_now
    ).delete()
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=open_now)}
    return [
        ThemeSuggestion.objects.update_or_create(
            submission=submission, theme=themes[slug], defaults={"confidence": round(p, 3)}
        )[0]
        for slug, p in open_now.items()
        if slug in themes
    ]


def submission_as_staff_left_it(case: int) -> Submission:
    """One of several states a submission can be in when it is read (again): the member's themes,
    answers with and without details, staff's themes, decided and open suggestions."""
    submission = about_banding_and_sv(themes=[["workload"], ["general"], [], ["banding"]][case % 4])
    WorkloadAnswer.objects.create(submission=submission, details="Our SENCO's workload doubled. " * case)
    if case % 2:
        GeneralAnswer.objects.create(submission=submission, details="")
    if case in (1, 5):
        submission.staff_themes.add(theme("sv-dbv"))
    if case in (2, 5):
        ThemeSuggestionFactory(submission=submission, theme=theme("banding"), state="rejected")
    if case in (3, 4):
        ThemeSuggestionFactory(submission=submission, theme=theme("sv-dbv"), state="accepted")
    if case in (4, 5):
        ThemeSuggestionFactory(submission=submission, theme=theme("training"), confidence=0.51)  # open
    return submission


def rows_of(submission: Submission) -> set[tuple]:
    return set(submission.theme_suggestions.values_list("theme__slug", "confidence", "state", "decided_by"))


@pytest.mark.parametrize("case", range(6))
def test_it_writes_and_returns_what_it_did_before_issue_16(case):
    previous, now = submission_as_staff_left_it(case), submission_as_staff_left_it(case)
    for _ in range(2):  # a first reading, then a second
        before = previous_suggest_themes(submission_id=previous.pk)
        after = suggestions.suggest_themes(submission_id=now.pk)
        assert [(s.theme_id, s.confidence, s.state) for s in after] == [
            (s.theme_id, s.confidence, s.state) for s in before
        ]
        assert rows_of(now) == rows_of(previous)


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
