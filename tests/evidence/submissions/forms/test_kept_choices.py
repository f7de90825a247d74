"""Choice fields that normalise their choices once (evidence.submissions.forms.kept_choices): a form built
again walks no choices, and its fields behave and render as Django's own."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django import forms
from django.forms import fields, widgets
from django.test.html import parse_html

from evidence.choices import Role
from evidence.submissions.forms import (
    AboutYouForm,
    ContactForm,
    SvDbvForm,
    ThemesForm,
    WorkloadForm,
    kept_choices,
)
from evidence.submissions.forms.reference_lists import local_authority_choices

pytestmark = pytest.mark.django_db


@contextmanager
def counting_normalize_choices():
    """Counts the calls of Django's ``normalize_choices`` from its fields and widgets."""
    calls: list[object] = []

    def counted(original):
        return lambda value, **kwargs: calls.append(value) or original(value, **kwargs)

    with (
        mock.patch.object(fields, "normalize_choices", counted(fields.normalize_choices)),
        mock.patch.object(widgets, "normalize_choices", counted(widgets.normalize_choices)),
    ):
        yield calls


def test_building_the_question_pages_again_normalises_no_choices():
    every_form = [AboutYouForm, ThemesForm, WorkloadForm, SvDbvForm, ContactForm]
    for form_class in every_form:
        form_class()  # the authorities and themes read and kept

    with counting_normalize_choices() as calls:
        for form_class in every_form:
            form_class()
        AboutYouForm({"role": "senco", "local_authority": "prefer-not-to-say"}).is_valid()

    assert calls == []


def test_django_normalises_them_on_every_form_which_is_what_the_count_would_catch():
    class DjangosOwn(forms.Form):
        role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect)

    with counting_normalize_choices() as calls:
        DjangosOwn()

    assert calls != []


def test_every_form_shares_the_kept_authorities_but_has_widgets_of_its_own():
    first, second = AboutYouForm(), AboutYouForm()
    first.fields["local_authority"].widget.attrs["class"] = "changed"

    assert first.fields["local_authority"].choices is local_authority_choices()
    assert second.fields["local_authority"].widget.choices is local_authority_choices()
    assert "class" not in second.fields["local_authority"].widget.attrs
    assert "class" not in AboutYouForm.base_fields["local_authority"].widget.attrs


@pytest.mark.parametrize("value", [None, "senco", "other", "not-a-role"])
def test_a_kept_field_validates_and_renders_as_djangos_own(value):
    ours = kept_choices.ChoiceField(choices=Role.choices, widget=forms.RadioSelect)
    django = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect)

    assert list(ours.choices) == list(django.choices)
    assert ours.valid_value(value) is django.valid_value(value)
    assert parse_html(ours.widget.render("role", value)) == parse_html(django.widget.render("role", value))


def test_choices_set_as_a_mapping_are_normalised_to_pairs():
    field = kept_choices.MultipleChoiceField(choices={"a": "Apple", "b": "Banana"})

    assert field.choices == (("a", "Apple"), ("b", "Banana"))
    assert field.choices.labels == {"a": "Apple", "b": "Banana"}
    assert field.clean(["b"]) == ["b"]
