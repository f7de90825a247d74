"""The shared cache's version numbers (nasuwt_send.cache_versions), used by the consultation's page cache
and the question pages' reference lists."""

import pytest
from django.core.cache import cache

from nasuwt_send import cache_versions

KEY = "tests:a-version"


def test_a_version_is_made_once_then_read_back():
    cache.delete(KEY)
    first = cache_versions.current(KEY)
    assert cache_versions.current(KEY) == first


def test_a_bump_moves_the_version_on():
    before = cache_versions.current(KEY)
    cache_versions.bump(KEY)
    assert cache_versions.current(KEY) > before


def test_a_version_lost_from_the_cache_comes_back_newer_never_older():
    cache_versions.bump(KEY)
    before = cache_versions.current(KEY)
    cache.delete(KEY)
    cache_versions.bump(KEY)  # nothing to bump: a fresh one
    assert cache_versions.current(KEY) > before


# Django's own receivers of the request signals close old database connections.
@pytest.mark.django_db
def test_within_one_request_a_version_is_read_from_the_cache_once(monkeypatch):
    from django.core.signals import request_finished, request_started

    reads: list[str] = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k))
    request_started.send(sender=None)
    try:
        first = cache_versions.current(KEY)
        assert cache_versions.current(KEY) == first
        cache.incr(KEY)  # another process bumps it meanwhile: this request keeps what it first saw
        assert cache_versions.current(KEY) == first
    finally:
        request_finished.send(sender=None)

    assert reads == [KEY]
    assert cache_versions.current(KEY) == first + 1  # the next request (or a task) reads it again


@pytest.mark.django_db
def test_a_request_that_bumps_a_version_sees_its_own_change():
    from django.core.signals import request_finished, request_started

    request_started.send(sender=None)
    try:
        before = cache_versions.current(KEY)
        cache_versions.bump(KEY)
        assert cache_versions.current(KEY) > before
    finally:
        request_finished.send(sender=None)


def test_outside_a_request_every_call_reads_the_cache():
    before = cache_versions.current(KEY)
    cache.incr(KEY)
    assert cache_versions.current(KEY) == before + 1
