from django import template
from django.utils.safestring import SafeString

from consultation import markup

register = template.Library()


@register.filter
def paragraphs(text: str | None, css_class: str = "govuk-body") -> SafeString:
    """Stored consultation text as escaped HTML paragraphs: ``{{ answer|paragraphs }}``."""
    return markup.render(text or "", css_class=css_class)


@register.filter
def inline_markup(text: str | None) -> SafeString:
    """Stored consultation text for a list item, without paragraph tags."""
    return markup.render_inline(text or "")
