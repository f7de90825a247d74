"""The weekly figures (evidence.models.figures): one count per value of each dimension, per ISO week."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evidence.choices import Programme
from evidence.models import Submission, WeeklyFigure, count_in, count_in_all, count_out, count_out_all
from tests.factories import SubmissionFactory, SvDbvAnswerFactory, local_authority

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def figures() -> dict[tuple[str, str, str], int]:
    return {(f.week, f.dimension, f.value): f.count for f in WeeklyFigure.objects.all()}


def sent_on(moment: datetime, **fields):
    submission = SubmissionFactory(**fields)
    type(submission).objects.filter(pk=submission.pk).update(received_at=moment)
    submission.refresh_from_db()
    return submission


def test_it_counts_each_dimension_on_its_own_never_their_cross_product():
    kent = local_authority("Kent")
    submission = sent_on(
        datetime(2026, 11, 30, 9, tzinfo=LONDON),
        themes=["workload", "sv-dbv"],
        local_authority=kent,
        role="senco",
        phase="primary",
        setting="maintained",
    )
    SvDbvAnswerFactory(submission=submission, programme=Programme.SV)

    count_in(submission)

    assert figures() == {
        ("2026-W49", "all", ""): 1,
        ("2026-W49", "authority", kent.gss_code): 1,
        ("2026-W49", "phase", "primary"): 1,
        ("2026-W49", "programme", "sv"): 1,
        ("2026-W49", "role", "senco"): 1,
        ("2026-W49", "setting", "maintained"): 1,
        ("2026-W49", "theme", "sv-dbv"): 1,
        ("2026-W49", "theme", "workload"): 1,
    }


def test_a_submission_sent_late_on_sunday_in_london_belongs_to_that_week():
    submission = sent_on(datetime(2026, 11, 29, 23, 30, tzinfo=LONDON), local_authority=None)

    count_in(submission)

    assert figures()[("2026-W48", "all", "")] == 1
    assert figures()[("2026-W48", "authority", "not-said")] == 1


def test_counting_out_takes_back_exactly_what_counting_in_added():
    first = sent_on(datetime(2026, 11, 30, 9, tzinfo=LONDON), role="senco")
    second = sent_on(datetime(2026, 11, 30, 10, tzinfo=LONDON), role="senco")
    count_in(first)
    count_in(second)

    count_out(first)

    assert figures()[("2026-W49", "all", "")] == 1
    assert figures()[("2026-W49", "role", "senco")] == 1


# --- Many at once -------------------------------------------------------------------------------------


def each_one_at_a_time(submissions) -> dict[tuple[str, str, str], int]:
    for submission in submissions:
        count_in(submission)
    made = figures()
    WeeklyFigure.objects.all().delete()
    return made


def several_weeks_of_evidence() -> list:
    kent = local_authority("Kent")
    counted = [
        sent_on(
            datetime(2026, 11, 29, 23, 30, tzinfo=LONDON),
            themes=["workload", "banding"],
            local_authority=kent,
        ),
        sent_on(datetime(2026, 11, 30, 0, 30, tzinfo=LONDON), local_authority=None, role="senco"),
        sent_on(datetime(2026, 7, 1, 0, 30, tzinfo=LONDON), themes=["sv-dbv"]),  # summer time
    ]
    SvDbvAnswerFactory(submission=counted[2], programme=Programme.DBV)
    sent_on(datetime(2026, 11, 30, 9, tzinfo=LONDON), status="spam")
    sent_on(datetime(2026, 11, 30, 9, tzinfo=LONDON), restricted=True)
    return counted


def test_postgresql_counts_many_at_once_in_one_statement_as_counting_each_would(postgres):
    expected = each_one_at_a_time(several_weeks_of_evidence())

    count_in_all(Submission.objects.all())

    assert figures() == expected
    count_out_all(Submission.objects.all())
    assert set(figures().values()) == {0}


def test_elsewhere_python_counts_many_at_once_as_counting_each_would():
    from evidence.models.figures import _add_all_in_python

    expected = each_one_at_a_time(several_weeks_of_evidence())

    _add_all_in_python(Submission.objects.counted(), 1)

    assert figures() == expected


def test_counting_none_at_all_writes_nothing():
    count_in_all(Submission.objects.filter(pk__in=[]))
    assert figures() == {}
