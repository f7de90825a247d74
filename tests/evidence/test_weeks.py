"""ISO weeks in London (evidence.weeks): across clock changes and years, as the digest reports them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from evidence.weeks import IsoWeek

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
W48 = IsoWeek(2026, 48)  # Monday 23 to Sunday 29 November 2026


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_a_week_runs_from_monday_midnight_to_the_next_monday_midnight_in_london():
    assert (W48.start, W48.end) == (london(2026, 11, 23), london(2026, 11, 30))
    assert (W48.monday.isoformat(), W48.sunday.isoformat()) == ("2026-11-23", "2026-11-29")
    assert W48.end - W48.start == timedelta(days=7)


def test_the_march_clock_change_week_is_167_hours():
    week = IsoWeek(2026, 13)  # the clocks go forward on Sunday 29 March 2026
    assert week.start == datetime(2026, 3, 23, 0, 0, tzinfo=UTC)
    assert week.end == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)  # Monday 30 March 00:00 BST
    assert week.end - week.start == timedelta(hours=167)


def test_the_october_clock_change_week_is_169_hours():
    week = IsoWeek.containing(datetime(2026, 10, 25).date())  # the clocks go back that Sunday
    assert week == IsoWeek(2026, 43)
    assert week.start == datetime(2026, 10, 18, 23, 0, tzinfo=UTC)  # Monday 19 October 00:00 BST
    assert week.end == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)
    assert week.end - week.start == timedelta(hours=169)


def test_the_first_week_after_the_october_change_is_an_ordinary_gmt_week():
    week = IsoWeek(2026, 44)
    assert (week.monday.isoformat(), week.start.utcoffset()) == ("2026-10-26", timedelta(0))
    assert week.end - week.start == timedelta(days=7)


def test_iso_week_53_spans_the_new_year():
    week = IsoWeek.parse("2026-W53")
    assert (week.monday.isoformat(), week.sunday.isoformat()) == ("2026-12-28", "2027-01-03")
    assert week.next() == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous() == week


def test_week_one_may_start_in_the_year_before():
    assert IsoWeek(2025, 1).monday.isoformat() == "2024-12-30"
    assert IsoWeek.containing(datetime(2024, 12, 31).date()) == IsoWeek(2025, 1)
    assert IsoWeek(2025, 1).previous() == IsoWeek(2024, 52)


@pytest.mark.parametrize("text", ["2025-W53", "2026-W00", "2026-W54", "2026W48", "last", "2026-W4"])
def test_it_refuses_weeks_that_do_not_exist(text):
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


def test_the_monday_morning_run_reports_the_week_just_ended():
    assert IsoWeek.last_complete(london(2026, 11, 30, 7, 0)) == W48
    # 00:30 on a Monday in summer is still Sunday in UTC: London's calendar decides.
    assert IsoWeek.last_complete(datetime(2026, 6, 28, 23, 30, tzinfo=UTC)) == IsoWeek(2026, 26)
    assert IsoWeek.last_complete(london(2027, 1, 4, 7, 0)) == IsoWeek(2026, 53)
