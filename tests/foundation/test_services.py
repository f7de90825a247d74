"""In CI the suite must really run on PostgreSQL and Redis, not on the embedded substitutes."""

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import IN_CI


@pytest.mark.django_db
def test_it_runs_on_postgresql_when_database_url_says_so():
    if not settings.DATABASE_URL.startswith(("postgres://", "postgresql://")):
        assert not IN_CI, "CI must set DATABASE_URL to PostgreSQL"
        pytest.skip("DATABASE_URL is SQLite here: set DATABASE_URL=postgres://... to run on PostgreSQL")

    assert connection.vendor == "postgresql"


def test_it_uses_redis_for_the_cache_and_the_broker_when_redis_url_is_set(redis_url):
    from django.core.cache import caches

    from nasuwt_send.celery import app

    cache = caches["default"]
    cache.set("foundation-probe", "here", 5)

    assert cache.get("foundation-probe") == "here"
    assert type(cache).__module__.startswith("django_redis")
    assert app.conf.broker_url == redis_url
