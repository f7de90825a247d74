"""The weekly figures (evidence.models.figures): one count per value of each dimension, per ISO week."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evidence.choices import Programme
from evidence.models import WeeklyFigure, count_in, count_out
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
