"""A version number in the shared cache: what a process keeps (a page, a list) is good only under the
version it was made under, and any process retires everything kept under it by bumping the number.

A missing version (evicted, cleared, Redis unreachable) is replaced by a new one, never by an old one:
versions are taken from the clock, so a missing key costs a rebuild, never something stale.
"""

import time

from django.core.cache import cache


def current(key: str) -> int:
    version = cache.get(key)
    if version is None:
        version = _fresh()
        cache.add(key, version, timeout=None)
    return int(version)


def bump(key: str) -> None:
    try:
        bumped = cache.incr(key)
    except ValueError:  # no version yet (or it was evicted)
        bumped = None
    if bumped is None:
        cache.set(key, _fresh(), timeout=None)


def _fresh() -> int:
    # Time-based rather than 1, so a key evicted from the cache never brings back an old version.
    return time.time_ns() // 1000
