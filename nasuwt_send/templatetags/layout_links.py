"""The layout's links and parts, worked out once per process.

- ``{% layout_url 'home' %}``: the address of a view without arguments. The layout links to eight such
  addresses on every page; ``{% url %}`` reverses each on each request, about a tenth of a millisecond
  apiece. ``nasuwt_send.kept_urls`` keeps each answer, keyed by the URL configuration and the script
  prefix.
- ``{% layout_part "includes/header.html" %}``: the header, the phase banner and the footer are the same
  HTML on every page but for which navigation link is the current one. Each is rendered once per
  process for each navigation state (``navigation``, the header's only), the contact address, the URL
  configuration and the script prefix, and kept: about a quarter of a millisecond a page otherwise
  (issue 16). A part sees only ``nav`` and ``education_team_email``, never the request, so nothing else
  can vary.
"""

from typing import Any, NamedTuple

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe

from nasuwt_send.kept_urls import kept_reverse

register = template.Library()

# (section's path prefix, view, label); a path in a section marks its link active. The labels are the
# code's own text, shown as written (the apostrophe too).
SECTIONS = (
    ("/evidence/", "evidence:call_for_evidence", mark_safe("Send evidence")),
    ("/response/", "consultation:overview", mark_safe("The union's response")),
    ("/what-members-told-us/", "evidence:members_told_us", mark_safe("What members told us")),
)
# Sections whose link says aria-current="true" on their other pages (not only "page" on their own).
CURRENT_WITHIN = {"evidence:call_for_evidence", "consultation:overview"}
# The parts that show the navigation: kept once per navigation state; the others once.
NAVIGATING = {"includes/header.html"}
KEPT_PARTS = 64  # parts x navigation states x contact addresses: a few dozen at most
_parts: dict[tuple[Any, ...], SafeString] = {}


class NavItem(NamedTuple):
    url: str
    label: str
    active: bool
    current: str  # "page", "true" or ""


@register.simple_tag
def layout_url(view_name: str) -> str:
    return kept_reverse(view_name)


def navigation(path: str) -> tuple[NavItem, ...]:
    items = []
    for prefix, view_name, label in SECTIONS:
        url = kept_reverse(view_name)
        within = path.startswith(prefix)
        current = "page" if path == url else ("true" if within and view_name in CURRENT_WITHIN else "")
        items.append(NavItem(url, label, within, current))
    return tuple(items)


@register.simple_tag(takes_context=True)
def layout_part(context: template.Context, template_name: str) -> SafeString:
    request = context.get("request")
    nav = navigation(getattr(request, "path", "")) if template_name in NAVIGATING else ()
    email = context.get("education_team_email", "")
    key = (template_name, get_urlconf(), get_script_prefix(), nav, email)
    html = _parts.get(key)
    if html is None:
        html = render_to_string(template_name, {"nav": nav, "education_team_email": email})
        if len(_parts) < KEPT_PARTS:
            _parts[key] = html
    return html
