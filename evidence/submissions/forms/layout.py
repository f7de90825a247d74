"""Two GOV.UK components crispy-forms-gds does not render the way govuk-frontend 5 expects.

- Radios that reveal a follow-up question: govuk-frontend 5 wires the reveal from
  ``data-aria-controls`` (crispy-forms-gds writes ``aria-controls``, which leaves the follow-up hidden
  for good once JavaScript runs). Without JavaScript the follow-up is simply shown.
- A textarea with a character count whose limit reads "10,000", not "10000".
"""

from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from evidence.submissions.forms.input_layout import Input, widget_html


class RevealingRadios(LayoutObject):
    """``RevealingRadios("role", reveals={"other": ["role_other"]})``"""

    template = "evidence/forms/revealing_radios.html"

    def __init__(
        self, field: str, *, reveals: dict[str, list[str]], legend_class: str = "govuk-fieldset__legend--m"
    ):
        self.field = field
        self.fields = [field]
        self.reveals = reveals
        self.legend_class = legend_class

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        bound = form[self.field]
        current = str(bound.value() or "")
        items = []
        for position, (value, label) in enumerate(bound.field.choices, start=1):
            reveal = "".join(Input(name).render(form, context) for name in self.reveals.get(str(value), []))
            items.append(
                {
                    "id": f"id_{bound.html_name}_{position}",
                    "value": value,
                    "label": label,
                    "checked": str(value) == current,
                    "reveal": mark_safe(reveal),  # noqa: S308 - Input's rendered, escaped fields
                }
            )
        return render_to_string(
            self.template, {"field": bound, "items": items, "legend_class": self.legend_class}
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
