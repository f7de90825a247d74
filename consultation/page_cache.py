"""Server-side cache of the public consultation pages, for anonymous visitors only.

Every key holds the content version (``consultation:content-version``). Saving or deleting any
consultation content bumps the version (see ``consultation.signals``), so one admin save retires every
cached page at once, without ``cache.clear()`` (the cache may share Redis with the Celery broker).
With django-redis's IGNORE_EXCEPTIONS a Redis outage reads as a miss and the page is rendered as usual.

A page's key is what decides its content, and nothing a visitor can vary at will: the view and its
URL arguments as the URL resolver read them (so ``/response/questions/006/`` is question 6's key), plus
the query parameters the page reads (``reads``), each bounded in length. Any other parameter
(``?junk=1``, ``?junk=2``, ...) is ignored, so a loop of junk URLs can never fill the cache; a read
parameter longer than its bound gets the page rendered, not stored. No key holds a CSP nonce either:
these pages use static scripts and styles only, so one cached copy is right for every visitor.
"""

import functools
import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from nasuwt_send import cache_versions

CONTENT_VERSION_KEY = "consultation:content-version"
PAGE_TIMEOUT_SECONDS = 60 * 60


def content_version() -> int:
    return cache_versions.current(CONTENT_VERSION_KEY)


def bump_content_version() -> None:
    """Retire every cached consultation page. The evidence app calls this when themes change."""
    cache_versions.bump(CONTENT_VERSION_KEY)


MAX_PARAMETER_CHARS = 100


def page_key(request: HttpRequest, *, reads: Sequence[str] = ()) -> str | None:
    """The cache key of this page, or None when a read parameter is too long to be worth storing."""
    match = request.resolver_match  # None only when a test calls the view directly
    arguments = match.kwargs if match else {}
    parts = [match.view_name if match else request.path, *sorted(f"{k}={v}" for k, v in arguments.items())]
    for name in reads:
        value = request.GET.get(name)
        if value is None:  # absent is not empty: the search shows its box for one, an error for the other
            parts.append(f"?{name}")
            continue
        if len(value) > MAX_PARAMETER_CHARS:
            return None
        parts.append(f"?{name}={value}")
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"consultation:page:{content_version()}:{digest}"


def cacheable(request: HttpRequest) -> bool:
    # Logged-in people may see unpublished content; pending messages belong to one visitor.
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


PublicView = Callable[..., HttpResponse]


def cache_public_page(view: PublicView | None = None, *, reads: Sequence[str] = ()) -> Any:
    """Serve the view's successful responses from the cache to anonymous visitors.

    ``@cache_public_page`` for a page that reads no query parameter; ``@cache_public_page(reads=["page"])``
    for one whose content depends on those parameters.
    """
    if view is None:
        return functools.partial(cache_public_page, reads=tuple(reads))

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = page_key(request, reads=reads) if cacheable(request) else None
        if key is None:
            return view(request, *args, **kwargs)
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
