"""Queries compiled once per process (evidence.analysis.compiled): the same rows as the ORM's for any
values, the query's own constants kept, and a value that is not a parameter refused at once."""

import pytest

from evidence.analysis.compiled import CompiledQuery
from evidence.models import Submission, ThemeSuggestion
from tests.factories import SubmissionFactory, ThemeSuggestionFactory, theme

pytestmark = pytest.mark.django_db


def experience_of(submission_id: int):
    return Submission.objects.filter(pk=submission_id).order_by().values_list("pk", "experience")


def test_it_gives_the_orms_rows_for_each_new_value(django_assert_num_queries):
    first, second = SubmissionFactory(experience="First."), SubmissionFactory(experience="Second.")
    query = CompiledQuery(experience_of)
    with django_assert_num_queries(3):
        found = [query.rows(first.pk), query.rows(second.pk), query.rows(987654)]
    assert found == [list(experience_of(first.pk)), list(experience_of(second.pk)), []]
    assert found[1] == [(second.pk, "Second.")]


def test_it_keeps_the_querys_own_constants():
    open_one = ThemeSuggestionFactory(theme=theme("banding"))
    ThemeSuggestionFactory(submission=open_one.submission, theme=theme("workload"), state="rejected")
    query = CompiledQuery(
        lambda submission_id: ThemeSuggestion.objects.filter(
            submission_id=submission_id, state=ThemeSuggestion.State.OPEN
        ).values_list("theme__slug")
    )
    assert query.rows(open_one.submission_id) == [("banding",)]


def test_it_refuses_a_value_that_is_not_a_parameter_of_its_sql():
    ignoring_it = CompiledQuery(lambda submission_id: Submission.objects.values_list("pk"))
    with pytest.raises(ValueError, match="not every value is a parameter"):
        ignoring_it.rows(1)
