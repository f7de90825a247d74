"""Radios and checkboxes written out in Python (evidence.submissions.forms.choice_layout) are the HTML
crispy-forms-gds renders: blank, answered, and refused with the error beside the question."""

import pytest
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Field
from django.test.html import parse_html

from evidence.submissions.forms import AboutYouForm, SvDbvForm, ThemesForm, TrainingForm, WorkloadForm
from evidence.submissions.forms.choice_layout import Checkboxes, Radios

pytestmark = pytest.mark.django_db

ABOUT = {"role": "senco", "phase": "primary", "setting": "maintained", "local_authority": "prefer-not-to-say"}
SV_DBV = {"programme": "sv", "plan_stage": "agreed", "plan_published": "no", "schools_consulted": "no"}
# (form class, field, legend size, legend tag, an answer, a refused answer)
QUESTIONS = [
    (AboutYouForm, "phase", "m", "", {**ABOUT}, {**ABOUT, "phase": "not-a-phase"}),
    (AboutYouForm, "setting", "m", "", {**ABOUT}, {**ABOUT, "setting": ""}),
    (TrainingForm, "preparedness", "m", "", {"stage": "trainee", "preparedness": "partly"}, {}),
    (SvDbvForm, "schools_consulted", "m", "", SV_DBV, {**SV_DBV, "schools_consulted": ""}),
    (
        SvDbvForm,
        "problems",
        "m",
        "",
        {**SV_DBV, "problems": ["problem_specialist_cuts"]},
        {"problems": ["x"]},
    ),
    (WorkloadForm, "causes", "m", "", {"causes": ["cause_ehcp_processes"]}, {"causes": ["<b>"]}),
    (ThemesForm, "themes", "l", "h1", {"themes": ["workload", "sv-dbv"]}, {"themes": []}),
]


def rendered(form, layout_object) -> str:
    form.helper.layout = Layout(layout_object)
    return render_crispy_form(form)


def both_ways(form_class, name, size, tag, **form_kwargs):
    crispy_field = (
        Field.checkboxes(name, legend_size=size, legend_tag=tag or None)
        if name in ("problems", "causes", "themes")
        else Field.radios(name, legend_size=size, legend_tag=tag or None)
    )
    ours = (Checkboxes if name in ("problems", "causes", "themes") else Radios)(
        name, legend_size=size, legend_tag=tag
    )
    return rendered(form_class(**form_kwargs), ours), rendered(form_class(**form_kwargs), crispy_field)


@pytest.mark.parametrize(("form_class", "name", "size", "tag", "answer", "refused"), QUESTIONS)
def test_a_blank_question_is_what_crispy_forms_gds_renders(form_class, name, size, tag, answer, refused):
    ours, theirs = both_ways(form_class, name, size, tag)

    assert parse_html(ours) == parse_html(theirs)


@pytest.mark.parametrize(("form_class", "name", "size", "tag", "answer", "refused"), QUESTIONS)
def test_an_answer_shown_again_is_what_crispy_forms_gds_renders(form_class, name, size, tag, answer, refused):
    initial = form_class.initial_from(
        {key: value if isinstance(value, list) else [value] for key, value in answer.items()}
    )
    ours, theirs = both_ways(form_class, name, size, tag, initial=initial)

    assert 'checked="checked"' in theirs
    assert parse_html(ours) == parse_html(theirs)


@pytest.mark.parametrize(("form_class", "name", "size", "tag", "answer", "refused"), QUESTIONS)
def test_a_refused_answer_is_what_crispy_forms_gds_renders(form_class, name, size, tag, answer, refused):
    ours, theirs = both_ways(form_class, name, size, tag, data=refused)

    assert "govuk-error-message" in theirs
    assert parse_html(ours) == parse_html(theirs)


def test_a_posted_answer_kept_on_error_is_what_crispy_forms_gds_renders():
    posted = {**ABOUT, "setting": ""}
    ours, theirs = both_ways(AboutYouForm, "phase", "m", "", data=posted)

    assert 'checked="checked"' in ours
    assert parse_html(ours) == parse_html(theirs)
