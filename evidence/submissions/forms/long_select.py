"""A select whose options are rendered once per process, not once per request.

The local authority question has 155 options. Django's ``Select`` renders each through its own
template: about 25 ms a page, most of the "About you" step's time. This ``Select`` renders the
options of a given list of choices once (``option_html``, cached on the choices themselves, so a
changed list is rendered afresh and never served stale) and, for each request, only marks the chosen
one ``selected``. Its HTML is the same as Django's ``Select``'s, which a test checks.
"""

from functools import lru_cache
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

Choices = tuple[tuple[str, str], ...]


@lru_cache(maxsize=8)
def option_html(choices: Choices) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
    """Each option as HTML, unselected and selected, and where each value is: built once per list."""
    plain = tuple(format_html('<option value="{}">{}</option>', value, label) for value, label in choices)
    chosen = tuple(
        format_html('<option value="{}" selected>{}</option>', value, label) for value, label in choices
    )
    return {value: n for n, (value, _) in enumerate(choices)}, plain, chosen


class Select(forms.Select):
    """A single-choice select of plain (value, label) strings, without groups.

    Named ``Select`` on purpose: crispy-forms-gds picks the GOV.UK classes (``govuk-select``, and
    ``govuk-input--error`` with an error) by the widget's class name, and without them the select
    loses its focus style and its width on a narrow screen (the keyboard and reflow tests caught it).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = tuple((str(v), str(label)) for v, label in self.choices)
        where, plain, chosen = option_html(choices)
        options = list(plain)
        # As Django's Select: no value selects the empty option; a value not in the list selects none.
        selected = where.get("" if value is None else str(value))
        if selected is not None:
            options[selected] = chosen[selected]
        attributes = flatatt({"name": name, **self.build_attrs(self.attrs, attrs)})
        # Each option was built by format_html: joining them needs no escaping again.
        return format_html("<select{}>\n{}\n</select>", attributes, mark_safe("\n".join(options)))  # noqa: S308
