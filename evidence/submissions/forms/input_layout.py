"""Text inputs, selects and single checkboxes written out in Python: crispy-forms-gds's HTML without its
templates.

crispy-forms-gds wraps each input in ``field.html`` (a dozen filters and three includes) and sets the
input's classes and ``aria-describedby`` in its ``crispy_gds_field`` tag: about 1.5-2.5 ms a question,
most of the contact details page's time. ``Input`` and ``Checkbox`` are used in a ``Layout`` as
``Field``, ``Field.text`` and ``Field.checkbox`` are, and write the same elements and attributes (a
test compares them with crispy-forms-gds's, blank, answered and refused). The input's attributes, value
and ``aria-invalid`` come from its Django widget; only Django's two small widget templates are skipped.
"""

from typing import Any

from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK
from crispy_forms_gds.layout import Size
from django.forms import BoundField
from django.forms.widgets import Input as InputWidget
from django.forms.widgets import Textarea
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from evidence.submissions.forms.choice_layout import hint_and_errors, safe_text

# crispy-forms-gds's classes for each widget, by the widget's class name; only these widgets get
# ``govuk-input--error`` with an error (an email input does not, in crispy-forms-gds either).
WIDGET_CLASSES = {
    "TextInput": "govuk-input",
    "EmailInput": "govuk-input",
    "Select": "govuk-select",
    "CheckboxInput": "govuk-checkboxes__input",
}
MARKED_WITH_AN_ERROR = {"Select", "TextInput", "Textarea"}


def _widget(bound: BoundField, errors: list[str], width_class: str = "") -> SafeString:
    widget = bound.field.widget
    kind = type(widget).__name__
    classes = [WIDGET_CLASSES[kind]]
    classes += [name for name in widget.attrs.get("class", "").split() if name not in classes]
    if width_class and width_class not in classes:
        classes.append(width_class)
    if errors and kind in MARKED_WITH_AN_ERROR:
        classes.append("govuk-input--error")
    described_by = [f"{bound.auto_id}_hint"] if bound.help_text else []
    described_by += [f"{bound.auto_id}_{n}_error" for n in range(1, len(errors) + 1)]
    attrs: dict[str, Any] = {"class": " ".join(classes)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return widget_html(bound, attrs)


def widget_html(bound: BoundField, attrs: dict[str, Any]) -> SafeString:
    """``bound.as_widget(attrs=attrs)``, writing an ``<input>`` or a ``<textarea>`` without Django's widget
    templates (``input.html``, ``textarea.html``, ``attrs.html``): the same attributes and value, from
    the widget's own context. Any other widget renders itself."""
    widget = bound.field.widget
    if not isinstance(widget, (InputWidget, Textarea)):
        return bound.as_widget(attrs=attrs)
    attrs = bound.build_widget_attrs(attrs, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    value = context["value"]
    if isinstance(widget, Textarea):
        attributes = _attributes(context["attrs"])
        return format_html('<textarea name="{}"{}>\n{}</textarea>', context["name"], attributes, value or "")
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        "" if value is None else format_html(' value="{}"', str(value)),
        _attributes(context["attrs"]),
    )


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """As Django's ``attrs.html``: in the widget's order, ``True`` as a bare name, ``False`` left out."""
    return format_html_join(
        "",
        "{}{}",
        (
            (f" {name}", "" if value is True else format_html('="{}"', str(value)))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class Input(LayoutObject):
    """``Input("email", width_class=Fluid.for_input(Fluid.TWO_THIRDS))`` for ``Field.text(...)``;
    ``Input("local_authority", label_size="m")`` for a select. ``label_size`` is the form's default, "s"."""

    def __init__(self, field: str, *, label_size: str = "s", label_tag: str = "", width_class: str = ""):
        self.field = field
        self.fields = [field]
        self.label_class = Size.for_label(label_size)
        self.label_tag = label_tag
        self.width_class = width_class

    def render(
        self, form: Any, context: Any, template_pack: str = TEMPLATE_PACK, **kwargs: Any
    ) -> SafeString:
        bound = form[self.field]
        errors = [str(error) for error in bound.errors]
        label = format_html(
            '<label for="{}" class="govuk-label {}">{}</label>',
            bound.id_for_label,
            self.label_class,
            safe_text(bound.label),
        )
        if self.label_tag:
            label = format_html(
                '<{} class="govuk-label-wrapper">{}</{}>', self.label_tag, label, self.label_tag
            )
        return format_html(
            '<div id="div_{}" class="govuk-form-group{}">{}{}{}</div>',
            bound.auto_id,
            " govuk-form-group--error" if errors else "",
            label if bound.label else "",
            hint_and_errors(bound, errors),
            _widget(bound, errors, self.width_class),
        )


class Checkbox(LayoutObject):
    """``Checkbox("consent_to_contact")`` for ``Field.checkbox("consent_to_contact")``."""

    def __init__(self, field: str):
        self.field = field
        self.fields = [field]

    def render(
        self, form: Any, context: Any, template_pack: str = TEMPLATE_PACK, **kwargs: Any
    ) -> SafeString:
        bound = form[self.field]
        errors = [str(error) for error in bound.errors]
        return format_html(
            '<div id="div_{}" class="govuk-form-group{}">{}<div class="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">{}'
            '<label class="govuk-label govuk-checkboxes__label" for="{}">{}</label></div></div></div>',
            bound.auto_id,
            " govuk-form-group--error" if errors else "",
            hint_and_errors(bound, errors),
            _widget(bound, errors),
            bound.id_for_label,
            safe_text(bound.label),
        )
