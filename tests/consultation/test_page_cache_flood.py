"""A flood of junk query strings cannot fill the Redis the page cache lives in (issue 12, item 5).

On real Redis: 1,000 different junk query strings on every cached public page add no key beyond the
one each page has anyway.
"""

import pytest
import redis
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

CACHED_PAGES = [
    "/response/",
    "/response/union-response/",
    "/response/questions/",
    "/response/questions/6/",
    "/response/downloads/nasuwt-answers.json",
    "/response/downloads/nasuwt-answers.csv",
]


def page_keys(redis_url: str) -> int:
    return sum(1 for _ in redis.Redis.from_url(redis_url).scan_iter(match="*consultation:page:*", count=1000))


def test_a_thousand_junk_query_strings_add_no_cache_key(settings, redis_url, send_review):
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    cache.clear()
    visitor = Client()
    for path in CACHED_PAGES:
        assert visitor.get(path).status_code == 200
    before = page_keys(redis_url)

    for n in range(1000):
        path = CACHED_PAGES[n % len(CACHED_PAGES)]
        assert visitor.get(f"{path}?junk={n}&q=x{n}&page={n}").status_code == 200

    assert before == len(CACHED_PAGES)
    assert page_keys(redis_url) == before
