"""A blank question page kept whole once per process, not rendered through the templates per request.

A member's first sight of each question page (nothing posted, nothing answered before, no errors) is
the same HTML for everyone who has reached it by the same way: the step, its title and caption (a
theme's "Theme 2 of 3"), where "Back" goes, the page's own address. Rendering it through the page's
templates was half the CPU of such a request. It is rendered once per such page and kept, with a
placeholder where the CSRF token goes; each request gets its own token put in.

Rules:
- Only a blank form kept by ``rendered_once`` (``form_html`` set) is kept here: the kept form is part
  of the key, so a changed list of authorities or themes gives a new page, never a stale one.
- The key is everything the page's templates read that can differ between requests: every value of
  the view's context, and the path with its query string. The templates read nothing else from the
  request (the header's navigation is the path's, ``layout_links``), and nothing about the member
  beyond what the view puts in the context.
- An address with any query string but the view's own ``?change=1`` is rendered as usual, so a visitor
  cannot fill the process's memory with keys. At most ``KEPT`` pages are kept; then none are added.
- The token is asked for as the template's ``{% csrf_token %}`` would ask (``get_token``): the CSRF
  cookie is set, and the page is not compressed (``nasuwt_send.compression``), exactly as before.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix

KEPT = 256  # steps x themes' positions x ways back, with and without ?change=1: about a hundred
# Not a token Django could make (those are letters and digits only), so it cannot appear otherwise.
TOKEN_PLACEHOLDER = "--csrf-token-placeholder--"  # noqa: S105 (not a secret: where the token goes)
KEPT_QUERIES = {"", "change=1"}

_kept: dict[tuple[Any, ...], tuple[str, str]] = {}


def kept_page(request: HttpRequest, template_name: str, context: dict[str, Any]) -> HttpResponse | None:
    """The blank page from the kept copy (made now if need be), or None if this page is not one to keep."""
    if context.get("form_html") is None or request.META.get("QUERY_STRING", "") not in KEPT_QUERIES:
        return None
    key = (template_name, request.get_full_path(), get_script_prefix(), *_values(context))
    kept = _kept.get(key)
    if kept is None:
        html = render_to_string(template_name, {**context, "csrf_token": TOKEN_PLACEHOLDER}, request)
        if html.count(TOKEN_PLACEHOLDER) != 1:  # a page with no form, or two: not one this keeps
            return None
        head, _, tail = html.partition(TOKEN_PLACEHOLDER)
        kept = (head, tail)
        if len(_kept) < KEPT:
            _kept[key] = kept
    head, tail = kept
    return HttpResponse(f"{head}{get_token(request)}{tail}")


def _values(context: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    # The form itself is not part of the key: a blank form is what its kept HTML says it is.
    return tuple((name, value) for name, value in context.items() if name != "form")
