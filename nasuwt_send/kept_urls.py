"""Addresses worked out once per process: ``kept_reverse(view_name, *args)``.

``reverse()`` walks the URL configuration each time, about a tenth of a millisecond apiece, and a
journey request asked for up to ten (its redirect, its back link, the check page's "Change" links, the
admin's prefix for every request). The answer changes only with the URL configuration and the script
prefix, which are part of the key. Only for arguments the code chooses (step names, never what a
visitor typed): the cache is bounded all the same.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse


def kept_reverse(view_name: str, *args: str) -> str:
    return _reversed(view_name, args, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=512)
def _reversed(view_name: str, args: tuple[str, ...], urlconf: str | None, script_prefix: str) -> str:
    return reverse(view_name, args=args or None, urlconf=urlconf)
