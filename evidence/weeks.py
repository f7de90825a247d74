"""ISO weeks in London time, as the digest and the weekly figures count them.

A week runs from Monday 00:00 to the next Monday 00:00 in London, each end made an aware datetime on
its own, so a week holding a clock change lasts 167 or 169 hours and nothing is counted twice or missed.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def _london_midnight(day: date) -> datetime:
    """Midnight in London as a UTC datetime, so that subtracting two gives the real elapsed time.

    (Python subtracts datetimes sharing a tzinfo by wall clock.) Midnight is never skipped or repeated
    in London: the clocks change at 01:00 and 02:00.
    """
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC)


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self) -> None:
        date.fromisocalendar(self.year, self.week, 1)  # ValueError for 2025-W53 and the like

    @classmethod
    def parse(cls, text: str) -> "IsoWeek":
        match = _ISO_WEEK.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not an ISO week such as 2026-W48.")
        try:
            return cls(int(match[1]), int(match[2]))
        except ValueError:
            raise ValueError(f"{text!r} does not exist: that year has no week {match[2]}.") from None

    @classmethod
    def containing(cls, day: date) -> "IsoWeek":
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def current(cls, now: datetime | None = None) -> "IsoWeek":
        return cls.containing((now or timezone.now()).astimezone(LONDON).date())

    @classmethod
    def last_complete(cls, now: datetime | None = None) -> "IsoWeek":
        return cls.current(now).previous()

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def start(self) -> datetime:
        return _london_midnight(self.monday)

    @property
    def end(self) -> datetime:
        return _london_midnight(self.monday + timedelta(days=7))

    def previous(self) -> "IsoWeek":
        return IsoWeek.containing(self.monday - timedelta(days=7))

    def next(self) -> "IsoWeek":
        return IsoWeek.containing(self.monday + timedelta(days=7))
