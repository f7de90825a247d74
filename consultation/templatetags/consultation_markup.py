from django import template

from consultation import markup

register = template.Library()


@register.filter
def paragraphs(text, css_class="govuk-body"):
    """Stored consultation text as escaped HTML paragraphs: ``{{ answer|paragraphs }}``."""
    return markup.render(text or "", css_class=css_class)


@register.filter
def inline_markup(text):
    """Stored consultation text for a list item, without paragraph tags."""
    return markup.render_inline(text or "")
