"""What the evidence tests share beyond the personas (tests/conftest.py) and the factories."""

import datetime as dt

import pytest
from django.utils import timezone

from evidence.choices import Status
from evidence.models import LocalAuthority, Submission, count_in_all
from tests.factories import SubmissionFactory


def received(submission, days_ago: int) -> None:
    Submission.objects.filter(pk=submission.pk).update(
        received_at=timezone.now() - dt.timedelta(days=days_ago)
    )


@pytest.fixture
def three_weeks_of_evidence():
    """Three weeks of evidence, some spam, in two authorities, with their weekly figures."""
    kent, leeds = LocalAuthority.objects.get(name="Kent"), LocalAuthority.objects.get(name="Leeds")
    this_week = [
        SubmissionFactory(themes=["workload", "banding"], local_authority=kent, role="senco"),
        SubmissionFactory(themes=["workload"], local_authority=kent, role="senco", status=Status.IN_REVIEW),
    ]
    old = SubmissionFactory(themes=["training"], local_authority=leeds, role="trainee")
    received(old, 21)
    ancient = SubmissionFactory(themes=["general"], local_authority=leeds)  # outside the 12 weeks
    received(ancient, 120)
    spam = SubmissionFactory(themes=["workload"], local_authority=leeds, status=Status.SPAM)
    # The factory writes rows directly; the weekly figures are filled as submission_create would.
    count_in_all(Submission.objects.all())
    return {"this_week": this_week, "old": old, "ancient": ancient, "spam": spam}


def weekly_figures() -> dict[tuple[str, str, str], int]:
    """Every weekly figure that is not zero, as {(week, dimension, value): count}."""
    from evidence.models import WeeklyFigure

    return {(f.week, f.dimension, f.value): f.count for f in WeeklyFigure.objects.exclude(count=0)}


def counted_in(submissions) -> None:
    """Fill the weekly figures for rows a factory wrote directly, as submission_create would."""
    count_in_all(Submission.objects.filter(pk__in=[s.pk for s in submissions]))


# --- Dashboard and tracker figures (issue 16, dash) -------------------------------------------------


@pytest.fixture
def cache_that_does_not_answer(settings, silent_port):
    """The page cache on a Redis that accepts connections and never answers, configured as production's
    is (django-redis ignoring its errors, sub-second timeouts, the pause after a failure)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{silent_port}/0",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "CONNECTION_FACTORY": "nasuwt_send.redis_pause.PausingConnectionFactory",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        },
    }
