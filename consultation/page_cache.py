"""Server-side cache of the public consultation pages, for anonymous visitors only.

Every key holds the content version (``consultation:content-version``). Saving or deleting any
consultation content bumps the version (see ``consultation.signals``), so one admin save retires every
cached page at once, without ``cache.clear()`` (the cache shares Redis with the Celery broker). With
django-redis's IGNORE_EXCEPTIONS a Redis outage reads as a miss and the page is rendered as usual.
"""

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

CONTENT_VERSION_KEY = "consultation:content-version"
PAGE_TIMEOUT_SECONDS = 60 * 60


def _fresh_version() -> int:
    # Time-based rather than 1, so a version key evicted from the cache can never bring back pages
    # cached under an old version.
    return time.time_ns() // 1000


def content_version() -> int:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = _fresh_version()
        cache.add(CONTENT_VERSION_KEY, version, timeout=None)
    return version


def bump_content_version() -> None:
    """Retire every cached consultation page. The evidence app calls this when themes change."""
    try:
        bumped = cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted)
        bumped = None
    if bumped is None:
        cache.set(CONTENT_VERSION_KEY, _fresh_version(), timeout=None)


def page_key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"consultation:page:{content_version()}:{path}"


def _cacheable(request: HttpRequest) -> bool:
    # Logged-in people may see unpublished content; pending messages belong to one visitor.
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


PublicView = Callable[..., HttpResponse]


def cache_public_page(view: PublicView) -> PublicView:
    """Serve the view's successful responses from the cache to anonymous visitors."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, response, PAGE_TIMEOUT_SECONDS)
        return response

    return wrapper
