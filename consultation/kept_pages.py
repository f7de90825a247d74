"""Public pages kept in each process's memory, for a page whose key a visitor can vary at will.

The response search reads ``?q=``, and anyone can send endless distinct queries: its pages never go to
the Redis the page cache shares with the Celery broker (decision 0036). They are kept here instead.

Rules:

- What ``consultation.page_cache`` caches, and only that: anonymous visitors with no pending message,
  successful pages without cookies, keyed by ``page_key`` (the view, its URL arguments, the parameters
  it reads, each at most 100 characters, and the content version). Any content save bumps the version
  in Redis, so it retires the kept pages of every process at once: the next search finds what was saved.
- Bounded twice, per process: at most ``PAGES_KEPT`` pages and ``PAGE_BYTES`` bytes of them, least
  recently used first out. A page larger than the whole budget is served and not kept. A flood of
  distinct queries only pushes older pages out.
- Nothing in a kept page is the visitor's own: the search form is a GET without a CSRF token, and these
  pages carry no CSP nonce (``nasuwt_send.security_headers``). Middleware adds the headers to every
  answer afresh.

Why: with its results remembered (``consultation.search``), a repeated search still rendered its whole
page for each request (the layout's links, the form, the list) and looked up the consultation: the
bench served it at 0.44x the requests per second of /healthz, where 0.5x is wanted (decision 0071).
"""

import functools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from consultation.page_cache import PublicView, cacheable, page_key

PAGES_KEPT = 256
PAGE_BYTES = 4 * 1024 * 1024  # a search page is about 7 KB: some 600 of them


@dataclass(frozen=True)  # shared between requests: never changed once kept
class KeptPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]


class KeptPages:
    """Pages least recently used first out, bounded in number and in bytes of content."""

    def __init__(self, *, entries: int, size: int) -> None:
        self.max_entries = entries
        self.max_bytes = size
        self._pages: OrderedDict[str, KeptPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # gunicorn's workers are sync; runserver and the tests use threads

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def bytes(self) -> int:
        return self._bytes

    def get(self, key: str) -> KeptPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def keep(self, key: str, page: KeptPage) -> None:
        if len(page.content) > self.max_bytes:
            return
        with self._lock:
            replaced = self._pages.pop(key, None)
            if replaced is not None:
                self._bytes -= len(replaced.content)
            self._pages[key] = page
            self._bytes += len(page.content)
            while len(self._pages) > self.max_entries or self._bytes > self.max_bytes:
                _, oldest = self._pages.popitem(last=False)
                self._bytes -= len(oldest.content)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0


kept = KeptPages(entries=PAGES_KEPT, size=PAGE_BYTES)


def keep_public_page_in_process(view: PublicView | None = None, *, reads: Sequence[str] = ()) -> Any:
    """Serve the view's successful pages to anonymous visitors from this process's memory.

    As ``cache_public_page``: ``@keep_public_page_in_process(reads=["q"])`` for a page that reads ``q``.
    """
    if view is None:
        return functools.partial(keep_public_page_in_process, reads=tuple(reads))

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = page_key(request, reads=reads) if cacheable(request) else None
        if key is None:
            return view(request, *args, **kwargs)
        page = kept.get(key)
        if page is not None:
            return HttpResponse(page.content, headers=dict(page.headers))
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            kept.keep(key, KeptPage(content=response.content, headers=tuple(response.headers.items())))
        return response

    return wrapper
