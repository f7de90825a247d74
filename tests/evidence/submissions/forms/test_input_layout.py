"""Text inputs, selects and single checkboxes written out in Python
(evidence.submissions.forms.input_layout) are the HTML crispy-forms-gds renders: blank, answered, and
refused with the error beside the question."""

import pytest
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Field, Fixed, Fluid
from django.test.html import parse_html

from evidence.submissions.forms import AboutYouForm, ContactForm, ExperienceForm, SvDbvForm
from evidence.submissions.forms.input_layout import Checkbox, Input, widget_html
from evidence.submissions.forms.save_return import SaveForLaterForm

pytestmark = pytest.mark.django_db

CONTACT = {
    "name": "Erin Evans",
    "email": "erin@example.org",
    "membership_number": "NAS1",
    "consent_to_contact": "on",
}
ABOUT = {"role": "other", "role_other": "Cover supervisor", "phase": "primary", "setting": "maintained"}
TWO_THIRDS = Fluid.for_input(Fluid.TWO_THIRDS)
# (form class, ours, crispy-forms-gds's, an answer, a refused answer)
QUESTIONS = [
    (
        ContactForm,
        Input("name", width_class=TWO_THIRDS),
        Field.text("name", field_width=Fluid.TWO_THIRDS),
        CONTACT,
        {**CONTACT, "name": "x" * 201},
    ),
    (
        ContactForm,
        Input("email", width_class=TWO_THIRDS),
        Field.text("email", field_width=Fluid.TWO_THIRDS),
        CONTACT,
        {**CONTACT, "email": "not an address"},
    ),
    (
        ContactForm,
        Input("membership_number", width_class=Fixed.for_input(10)),
        Field.text("membership_number", field_width=10),
        CONTACT,
        {**CONTACT, "membership_number": "x" * 31},
    ),
    (ContactForm, Checkbox("consent_to_contact"), Field.checkbox("consent_to_contact"), CONTACT, CONTACT),
    (
        AboutYouForm,
        Input("local_authority", label_size="m"),
        Field("local_authority", context={"label_size": "govuk-label--m"}),
        {**ABOUT, "local_authority": "prefer-not-to-say"},
        {**ABOUT, "local_authority": "999999"},
    ),
    (AboutYouForm, Input("role_other"), "role_other", ABOUT, {**ABOUT, "role_other": ""}),
    (
        SvDbvForm,
        Input("plan_url"),
        "plan_url",
        {"plan_url": "https://example.org/plan"},
        {"plan_published": "yes", "plan_url": "javascript:alert(1)"},
    ),
    (
        SaveForLaterForm,
        Input("email", width_class=TWO_THIRDS),
        Field.text("email", field_width=Fluid.TWO_THIRDS),
        {"email": "erin@example.org"},
        {"email": ""},
    ),
]


def rendered(form, layout_object) -> str:
    form.helper.layout = Layout(layout_object)
    return render_crispy_form(form)


def both_ways(form_class, ours, theirs, **form_kwargs) -> tuple[str, str]:
    return rendered(form_class(**form_kwargs), ours), rendered(form_class(**form_kwargs), theirs)


@pytest.mark.parametrize(("form_class", "ours", "theirs", "answer", "refused"), QUESTIONS)
def test_a_blank_question_is_what_crispy_forms_gds_renders(form_class, ours, theirs, answer, refused):
    mine, crispy = both_ways(form_class, ours, theirs)

    assert parse_html(mine) == parse_html(crispy)


@pytest.mark.parametrize(("form_class", "ours", "theirs", "answer", "refused"), QUESTIONS)
def test_an_answer_shown_again_is_what_crispy_forms_gds_renders(form_class, ours, theirs, answer, refused):
    initial = form_class.initial_from({key: [value] for key, value in answer.items()})
    mine, crispy = both_ways(form_class, ours, theirs, initial=initial)

    assert parse_html(mine) == parse_html(crispy)


@pytest.mark.parametrize(("form_class", "ours", "theirs", "answer", "refused"), QUESTIONS)
def test_a_refused_answer_is_what_crispy_forms_gds_renders(form_class, ours, theirs, answer, refused):
    mine, crispy = both_ways(form_class, ours, theirs, data=refused)

    assert parse_html(mine) == parse_html(crispy)


def test_the_refused_answers_do_show_errors_and_keep_what_was_typed():
    mine, crispy = both_ways(
        ContactForm, Input("email", width_class=TWO_THIRDS), QUESTIONS[1][2], data=QUESTIONS[1][4]
    )

    assert 'class="govuk-error-message"' in mine
    assert 'value="not an address"' in mine
    assert parse_html(mine) == parse_html(crispy)


@pytest.mark.parametrize(
    ("form_class", "data", "name"),
    [
        (ExperienceForm, None, "experience"),
        (ExperienceForm, {"experience": "Three days a week <b>on</b> EHCPs\n\nand more"}, "experience"),
        (ExperienceForm, {"experience": ""}, "experience"),
        (ContactForm, CONTACT, "email"),
        (ContactForm, {**CONTACT, "email": "not an address"}, "email"),
        (ContactForm, CONTACT, "consent_to_contact"),
        (ContactForm, {}, "consent_to_quote"),
    ],
)
def test_an_input_or_textarea_is_byte_for_byte_what_its_django_widget_renders(form_class, data, name):
    bound = form_class(data=data)[name]
    attrs = {"class": "govuk-textarea", "aria-describedby": "id_hint", "rows": 8}

    assert widget_html(bound, attrs) == bound.as_widget(attrs=attrs)
