"""What every question page of the evidence form shares: free-text fields, error links, summaries."""

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from crispy_forms.layout import Layout
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.datastructures import MultiValueDict

from evidence.submissions.forms import kept_choices
from evidence.submissions.steps import PREFER_NOT_TO_SAY, StepData
from evidence.summary import SummaryRow

NOT_GIVEN = "Not given"


def set_summary_label(form_field: forms.Field, label: str) -> None:
    """Names the field on check your answers, where its question would be too long a label."""
    # Django's fields take any attribute; summary_rows reads this one back with getattr.
    form_field.summary_label = label  # type: ignore[attr-defined]


def choice_labels(form_field: forms.ChoiceField) -> Mapping[Any, Any]:
    """Value -> label."""
    return kept_choices.kept(form_field.choices).labels


class MemberText(forms.CharField):
    """Free text from a member.

    The limit is a validator, not a ``maxlength`` attribute: a browser would cut pasted text off
    silently, and GOV.UK asks us to let people type, then tell them. A null character (which
    PostgreSQL cannot store) is refused with a message that says what to do.
    """

    def __init__(self, *, max_chars: int, name: str, summary_label: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_chars = max_chars
        self.summary_label = summary_label
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators += [
            ProhibitNullCharactersValidator(
                message=f"{name} contains a hidden character we cannot store. "
                "Retype it, or paste it as plain text."
            ),
            MaxLengthValidator(max_chars, message=f"{name} must be {max_chars:,} characters or fewer"),
        ]


if TYPE_CHECKING:
    # Always mixed into a Django form: to mypy it is one.
    _Form = forms.BaseForm
else:
    _Form = object


class QuestionPage(_Form):
    """Mixed into each step's form (before ``forms.Form`` or ``forms.ModelForm``)."""

    # Bound to request.POST or to the answers the session kept: either way values are lists.
    data: MultiValueDict[str, Any]
    base_fields: ClassVar[dict[str, forms.Field]]

    # Fields only shown in the summary when answered (the follow-ups of a revealing radio).
    summary_only_when_given: tuple[str, ...] = ()
    # A blank page's fields are rendered once per process (evidence.submissions.forms.rendered_once).
    render_blank_once = True

    @cached_property
    def helper(self) -> FormHelper:
        """crispy-forms' settings and layout, made when the form is first rendered: a form that is
        only checked (a valid POST, check your answers) never needs them."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.legend_size = "m"
        helper.label_size = "s"
        helper.layout = self.layout()
        return helper

    def layout(self) -> Layout:
        return Layout(*self.fields)

    def choice_field(self, name: str) -> forms.ChoiceField:
        """The field ``name``, which the form declares as a choice (radios, checkboxes, a select)."""
        form_field = self.fields[name]
        if not isinstance(form_field, forms.ChoiceField):
            raise TypeError(f"{type(self).__name__}.{name} is not a choice field.")
        return form_field

    # --- Errors -------------------------------------------------------------------------------

    def anchor(self, name: str) -> str:
        """The id the error summary links to: the field itself, or the first of its radios or boxes."""
        widget = self.fields[name].widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return f"id_{self.add_prefix(name)}_1"
        return self[name].id_for_label

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in the order the fields appear on the page."""
        first = next(iter(self.fields), None)
        links = [(self.anchor(first) if first else "", str(error)) for error in self.non_field_errors()]
        for name in self.fields:
            links += [(self.anchor(name), str(error)) for error in self.errors.get(name, [])]
        return links

    # --- Keeping answers in the session -------------------------------------------------------

    def stored_data(self) -> StepData:
        """What this valid form received, as plain lists of strings the session can hold."""
        return {name: [str(v) for v in self.data.getlist(self.add_prefix(name))] for name in self.fields}

    @classmethod
    def initial_from(cls, data: StepData | None) -> dict[str, Any]:
        if not data:
            return {}
        initial: dict[str, Any] = {}
        for name, values in data.items():
            field_ = cls.base_fields.get(name)
            if isinstance(field_, forms.MultipleChoiceField):
                initial[name] = values
            elif isinstance(field_, forms.BooleanField):
                initial[name] = bool(values) and values[0] not in ("", "False", "false", "off")
            elif values:
                initial[name] = values[0]
        return initial

    # --- Check your answers -------------------------------------------------------------------

    def summary_rows(self) -> list[SummaryRow]:
        rows: list[SummaryRow] = []
        for name, form_field in self.fields.items():
            value = self.cleaned_data.get(name)
            if name in self.summary_only_when_given and not value:
                continue
            key = getattr(form_field, "summary_label", None) or str(form_field.label)
            row = SummaryRow(key=key, anchor=self.anchor(name))
            if isinstance(form_field, forms.MultipleChoiceField):
                labels = choice_labels(form_field)
                row.values = [str(labels.get(v, v)) for v in value or []]
                row.value = "" if row.values else "None selected"
            elif isinstance(form_field, forms.BooleanField):
                row.value = "Yes" if value else "No"
            elif isinstance(form_field, forms.ChoiceField):
                row.value = str(choice_labels(form_field).get(value, value)) if value else NOT_GIVEN
            else:
                row.value = str(value) if value else NOT_GIVEN
            rows.append(row)
        return rows


def local_authority_id(choice: str) -> int | None:
    return None if choice in ("", PREFER_NOT_TO_SAY) else int(choice)


def radios(
    *, choices: Any, label: str, required_message: str, help_text: str = "", summary_label: str = ""
) -> kept_choices.ChoiceField:
    form_field = kept_choices.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        label=label,
        help_text=help_text,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )
    set_summary_label(form_field, summary_label)
    return form_field


def checkboxes(
    *, choices: Any, label: str, help_text: str = "Select all that apply.", summary_label: str = ""
) -> kept_choices.MultipleChoiceField:
    form_field = kept_choices.MultipleChoiceField(
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=help_text,
        required=False,
        error_messages={"invalid_choice": "Select only the options shown"},
    )
    set_summary_label(form_field, summary_label)
    return form_field
