"""Radios and checkboxes written out in Python: the HTML crispy-forms-gds renders, without its templates.

crispy-forms-gds renders each radio or checkbox through a template of its own (``radio_item.html``,
included once per option, inside ``field.html`` and ``radios.html``): about 4 ms for each question of
radios, most of the "About you" and SV/DBV pages' time. ``Radios`` and ``Checkboxes`` are used in a
``Layout`` as ``Field.radios`` and ``Field.checkboxes`` are, and write the same elements and
attributes (a test compares them with crispy-forms-gds's, for blank, answered and refused fields):
the GOV.UK form group, fieldset, legend, hint, error messages beside the question, and each option
with its hint.
"""

from collections.abc import Iterable
from typing import Any, cast

from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK
from crispy_forms_gds.layout import Size
from django import forms
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from evidence.submissions.forms.kept_choices import kept


class _Choices(LayoutObject):
    kind = ""  # "radios" or "checkboxes": the GOV.UK class names
    input_type = ""

    def __init__(self, field: str, *, legend_size: str = "", legend_tag: str = "") -> None:
        self.field = field
        self.fields = [field]
        self.legend_class = Size.for_legend(legend_size) if legend_size else ""
        self.legend_tag = legend_tag

    def chosen(self, bound: BoundField) -> set[str]:
        raise NotImplementedError

    def render(
        self, form: Any, context: Any, template_pack: str = TEMPLATE_PACK, **kwargs: Any
    ) -> SafeString:
        bound = form[self.field]
        errors = [str(error) for error in bound.errors]
        described_by = (f"{bound.auto_id}_hint" if bound.help_text else "") + "".join(
            f" {bound.auto_id}_{n}_error" for n in range(1, len(errors) + 1)
        )
        return format_html(
            '<div id="div_{}" class="govuk-form-group{}"><fieldset class="govuk-fieldset"{}>{}{}'
            '<div class="govuk-{}">{}</div></fieldset></div>',
            bound.auto_id,
            " govuk-form-group--error" if errors else "",
            format_html(' aria-describedby="{}"', described_by) if described_by else "",
            self._legend(bound),
            hint_and_errors(bound, errors),
            self.kind,
            mark_safe("".join(self._items(bound))),  # noqa: S308 - each item built by format_html
        )

    def _legend(self, bound: BoundField) -> SafeString:
        if not bound.label:
            return SafeString("")
        label = safe_text(bound.label)
        if self.legend_tag:
            label = format_html(
                '<{} class="govuk-fieldset__heading">{}</{}>', self.legend_tag, label, self.legend_tag
            )
        css = f" {self.legend_class}" if self.legend_class else ""
        return format_html('<legend class="govuk-fieldset__legend{}">{}</legend>', css, label)

    def _items(self, bound: BoundField) -> Iterable[SafeString]:
        chosen = self.chosen(bound)
        name = bound.html_name
        kind = self.kind
        for position, choice in enumerate(kept(cast(forms.ChoiceField, bound.field).choices), start=1):
            value, label = choice
            option_id = f"id_{name}_{position}"
            hint = getattr(choice, "hint", "")
            yield format_html(
                '<div class="govuk-{}__item"><input type="{}" name="{}" class="govuk-{}__input" id="{}" '
                'value="{}"{}{}><label class="govuk-label govuk-{}__label" for="{}">{}</label>{}</div>{}',
                kind,
                self.input_type,
                name,
                kind,
                option_id,
                str(value),
                mark_safe(' checked="checked"') if str(value) in chosen else "",
                format_html(' aria-describedby="{}_hint"', option_id) if hint else "",
                kind,
                option_id,
                str(label),
                format_html(
                    '<span id="{}_hint" class="govuk-hint govuk-{}__hint">{}</span>', option_id, kind, hint
                )
                if hint
                else "",
                format_html('<div class="govuk-{}__divider">{}</div>', kind, choice.divider)
                if getattr(choice, "divider", "")
                else "",
            )


class Radios(_Choices):
    """``Radios("phase", legend_size="m")``, for ``Field.radios("phase", legend_size="m")``."""

    kind, input_type = "radios", "radio"

    def chosen(self, bound: BoundField) -> set[str]:
        return {str(bound.value())}


class Checkboxes(_Choices):
    """``Checkboxes("themes", legend_size="l", legend_tag="h1")``, for ``Field.checkboxes(...)``."""

    kind, input_type = "checkboxes", "checkbox"

    def chosen(self, bound: BoundField) -> set[str]:
        return {str(value) for value in bound.value() or []}


def hint_and_errors(bound: BoundField, errors: list[str]) -> SafeString:
    """The question's hint, then each error beside it (crispy-forms-gds's ``help_text_and_errors``)."""
    hint = (
        format_html(
            '<div id="{}_hint" class="govuk-hint">{}</div>', bound.auto_id, safe_text(bound.help_text)
        )
        if bound.help_text
        else ""
    )
    return format_html(
        "{}{}",
        hint,
        format_html_join(
            "",
            '<span id="{}_{}_error" class="govuk-error-message">'
            '<span class="govuk-visually-hidden">Error:</span> {}</span>',
            ((bound.auto_id, n, error) for n, error in enumerate(errors, start=1)),
        ),
    )


def safe_text(text: Any) -> SafeString:
    """As crispy-forms-gds's ``|safe``: labels and hints are the forms' own text, never a member's."""
    return mark_safe(str(text))  # noqa: S308
