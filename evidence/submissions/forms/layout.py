"""Two GOV.UK components crispy-forms-gds does not render the way govuk-frontend 5 expects.

- Radios that reveal a follow-up question: govuk-frontend 5 wires the reveal from
  ``data-aria-controls`` (crispy-forms-gds writes ``aria-controls``, which leaves the follow-up hidden
  for good once JavaScript runs). Without JavaScript the follow-up is simply shown.
- A textarea with a character count whose limit reads "10,000", not "10000".
"""

from collections.abc import Iterator
from typing import Any, cast

from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from evidence.submissions.forms.input_layout import Input, widget_html
from evidence.submissions.forms.kept_choices import kept


class RevealingRadios(LayoutObject):
    """``RevealingRadios("role", reveals={"other": ["role_other"]})``

    Written with ``format_html`` rather than a template: a template's loop over the options cost about
    1 ms of the "About you" and SV/DBV pages. Its markup is unchanged (a test compares it).
    """

    def __init__(
        self, field: str, *, reveals: dict[str, list[str]], legend_class: str = "govuk-fieldset__legend--m"
    ):
        self.field = field
        self.fields = [field]
        self.reveals = reveals
        self.legend_class = legend_class

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        bound = form[self.field]
        errors = [str(error) for error in bound.errors]
        described_by = (f"{bound.auto_id}_hint" if bound.help_text else "") + "".join(
            f" {bound.auto_id}_{n}_error" for n in range(1, len(errors) + 1)
        )
        return format_html(
            '<div class="govuk-form-group{}"><fieldset class="govuk-fieldset"{}>'
            '<legend class="govuk-fieldset__legend {}">{}</legend>{}{}'
            '<div class="govuk-radios" data-module="govuk-radios">{}</div></fieldset></div>',
            " govuk-form-group--error" if errors else "",
            format_html(' aria-describedby="{}"', described_by) if described_by else "",
            self.legend_class,
            bound.label,
            format_html('<div id="{}_hint" class="govuk-hint">{}</div>', bound.auto_id, bound.help_text)
            if bound.help_text
            else "",
            format_html_join(
                "",
                '<p id="{}_{}_error" class="govuk-error-message">'
                '<span class="govuk-visually-hidden">Error:</span> {}</p>',
                ((bound.auto_id, n, error) for n, error in enumerate(errors, start=1)),
            ),
            mark_safe("".join(self._items(form, context, bound))),  # noqa: S308 - each built by format_html
        )

    def _items(self, form: Any, context: Any, bound: BoundField) -> Iterator[SafeString]:
        current = str(bound.value() or "")
        choices = kept(cast(forms.ChoiceField, bound.field).choices)
        for position, (value, label) in enumerate(choices, start=1):
            option_id = f"id_{bound.html_name}_{position}"
            checked = str(value) == current
            reveal = mark_safe(  # noqa: S308 - Input's rendered, escaped fields
                "".join(Input(name).render(form, context) for name in self.reveals.get(str(value), []))
            )
            yield format_html(
                '<div class="govuk-radios__item"><input class="govuk-radios__input" id="{}" name="{}" '
                'type="radio" value="{}"{}{}>'
                '<label class="govuk-label govuk-radios__label" for="{}">{}</label></div>{}',
                option_id,
                bound.html_name,
                value,
                mark_safe(" checked") if checked else "",
                format_html(' data-aria-controls="{}-reveal"', option_id) if reveal else "",
                option_id,
                label,
                format_html(
                    '<div class="govuk-radios__conditional{}" id="{}-reveal">{}</div>',
                    "" if checked else " govuk-radios__conditional--hidden",
                    option_id,
                    reveal,
                )
                if reveal
                else "",
            )


class CharacterCount(LayoutObject):
    """A textarea with the GOV.UK character count; the limit is the field's ``max_chars``."""

    template = "evidence/forms/character_count.html"

    def __init__(
        self, field: str, *, label_tag: str = "", label_class: str = "govuk-label--m", rows: int = 8
    ):
        self.field = field
        self.fields = [field]
        self.label_tag = label_tag
        self.label_class = label_class
        self.rows = rows

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        bound = form[self.field]
        described_by = [f"{bound.auto_id}_hint"] if bound.help_text else []
        described_by.append(f"{bound.auto_id}-info")
        described_by += [f"{bound.auto_id}_{n}_error" for n in range(1, len(bound.errors) + 1)]
        css = "govuk-textarea govuk-js-character-count" + (" govuk-textarea--error" if bound.errors else "")
        widget = widget_html(
            bound, {"class": css, "rows": self.rows, "aria-describedby": " ".join(described_by)}
        )
        return render_to_string(
            self.template,
            {
                "field": bound,
                "widget": widget,
                "max_chars": bound.field.max_chars,
                "max_chars_text": f"{bound.field.max_chars:,}",
                "label_tag": self.label_tag,
                "label_class": self.label_class,
            },
        )
