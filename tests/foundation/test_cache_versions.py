"""The shared cache's version numbers (nasuwt_send.cache_versions), used by the consultation's page cache
and the question pages' reference lists."""

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
