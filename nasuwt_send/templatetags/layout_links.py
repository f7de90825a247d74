"""``{% layout_url 'home' %}``: the address of a view without arguments, worked out once per process.

The layout (header, navigation, footer) links to eight such addresses on every page. ``{% url %}``
reverses each on each request, about a tenth of a millisecond apiece; the answer changes only with the
URL configuration and the script prefix, which are the cache's key.
"""

import functools

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def layout_url(view_name: str) -> str:
    return _reversed(view_name, get_urlconf(), get_script_prefix())


@functools.cache
def _reversed(view_name: str, urlconf: str | None, script_prefix: str) -> str:
    return reverse(view_name, urlconf=urlconf)
