"""``{% layout_url 'home' %}``: the address of a view without arguments, worked out once per process.

The layout (header, navigation, footer) links to eight such addresses on every page. ``{% url %}``
reverses each on each request, about a tenth of a millisecond apiece; ``nasuwt_send.kept_urls`` keeps
each answer, keyed by the URL configuration and the script prefix.
"""

from django import template

from nasuwt_send.kept_urls import kept_reverse

register = template.Library()


@register.simple_tag
def layout_url(view_name: str) -> str:
    return kept_reverse(view_name)
