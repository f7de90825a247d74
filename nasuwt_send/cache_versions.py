"""A version number in the shared cache: what a process keeps (a page, a list) is good only under the
version it was made under, and any process retires everything kept under it by bumping the number.

A missing version (evicted, cleared, Redis unreachable) is replaced by a new one, never by an old one:
versions are taken from the clock, so a missing key costs a rebuild, never something stale.

Within one web request each version is read from the cache once (a check-your-answers page asked
for the reference lists' version four times, each a round trip to Redis). What a request sees is
what the cache held when it first asked, or what it bumped itself; the next request reads again, so a
bump by any process shows on the next page, as before. Outside a request (a Celery task, a command)
every call reads the cache.
"""

import threading
import time
from typing import Any

from django.core.cache import cache
from django.core.signals import request_finished, request_started

# Per thread, so a threaded server's requests keep apart: key -> version, or no attribute between
# requests.
_in_request = threading.local()


def current(key: str) -> int:
    seen: dict[str, int] | None = getattr(_in_request, "versions", None)
    if seen is not None and key in seen:
        return seen[key]
    version = cache.get(key)
    if version is None:
        version = _fresh()
        cache.add(key, version, timeout=None)
    if seen is not None:
        seen[key] = int(version)
    return int(version)


def bump(key: str) -> None:
    try:
        bumped = cache.incr(key)
    except ValueError:  # no version yet (or it was evicted)
        bumped = None
    if bumped is None:
        cache.set(key, _fresh(), timeout=None)
    seen: dict[str, int] | None = getattr(_in_request, "versions", None)
    if seen is not None:
        seen.pop(key, None)  # read again: this request must see its own change


def connect() -> None:
    request_started.connect(_request_started, dispatch_uid="cache-versions-request-started")
    request_finished.connect(_request_finished, dispatch_uid="cache-versions-request-finished")


def _request_started(**kwargs: Any) -> None:
    _in_request.versions = {}


def _request_finished(**kwargs: Any) -> None:
    _in_request.__dict__.pop("versions", None)


def _fresh() -> int:
    # Time-based rather than 1, so a key evicted from the cache never brings back an old version.
    return time.time_ns() // 1000
