"""Radios that reveal a follow-up question (evidence.submissions.forms.layout.RevealingRadios), written
in Python: the markup the template it replaced rendered, shown and hidden, answered and refused."""

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from evidence.choices import Role, YesNoNotSure
from evidence.submissions.forms import AboutYouForm, SvDbvForm
from evidence.submissions.forms.input_layout import Input
from evidence.submissions.forms.layout import RevealingRadios

pytestmark = pytest.mark.django_db

# templates/evidence/forms/revealing_radios.html as it was, with what the layout object gave it.
FORMER_TEMPLATE = """<div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">
  <fieldset class="govuk-fieldset"{% if field.help_text or field.errors %} aria-describedby="{% if field.help_text %}{{ field.auto_id }}_hint{% endif %}{% for error in field.errors %} {{ field.auto_id }}_{{ forloop.counter }}_error{% endfor %}"{% endif %}>
    <legend class="govuk-fieldset__legend {{ legend_class }}">{{ field.label }}</legend>
    {% if field.help_text %}<div id="{{ field.auto_id }}_hint" class="govuk-hint">{{ field.help_text }}</div>{% endif %}
    {% for error in field.errors %}
      <p id="{{ field.auto_id }}_{{ forloop.counter }}_error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{ error }}</p>
    {% endfor %}
    <div class="govuk-radios" data-module="govuk-radios">
      {% for item in items %}
        <div class="govuk-radios__item">
          <input class="govuk-radios__input" id="{{ item.id }}" name="{{ field.html_name }}" type="radio" value="{{ item.value }}"{% if item.checked %} checked{% endif %}{% if item.reveal %} data-aria-controls="{{ item.id }}-reveal"{% endif %}>
          <label class="govuk-label govuk-radios__label" for="{{ item.id }}">{{ item.label }}</label>
        </div>
        {% if item.reveal %}
          <div class="govuk-radios__conditional{% if not item.checked %} govuk-radios__conditional--hidden{% endif %}" id="{{ item.id }}-reveal">
            {{ item.reveal }}
          </div>
        {% endif %}
      {% endfor %}
    </div>
  </fieldset>
</div>
"""


def former(form, layout_object: RevealingRadios) -> str:
    bound = form[layout_object.field]
    current = str(bound.value() or "")
    items = [
        {
            "id": f"id_{bound.html_name}_{position}",
            "value": value,
            "label": label,
            "checked": str(value) == current,
            "reveal": mark_safe(  # noqa: S308 - Input's rendered, escaped fields
                "".join(Input(name).render(form, {}) for name in layout_object.reveals.get(str(value), []))
            ),
        }
        for position, (value, label) in enumerate(bound.field.choices, start=1)
    ]
    context = {"field": bound, "items": items, "legend_class": layout_object.legend_class}
    return Template(FORMER_TEMPLATE).render(Context(context))


ROLE = RevealingRadios("role", reveals={Role.OTHER: ["role_other"]})
PUBLISHED = RevealingRadios("plan_published", reveals={YesNoNotSure.YES: ["plan_url"]})


@pytest.mark.parametrize(
    ("form", "layout_object"),
    [
        (lambda: AboutYouForm(), ROLE),
        (lambda: AboutYouForm(initial={"role": "senco"}), ROLE),
        (lambda: AboutYouForm(initial={"role": "other", "role_other": "Cover <b>supervisor</b>"}), ROLE),
        (lambda: AboutYouForm(data={}), ROLE),
        (lambda: AboutYouForm(data={"role": "other", "role_other": ""}), ROLE),
        (lambda: SvDbvForm(data={"plan_published": "yes", "plan_url": "not a link"}), PUBLISHED),
        (lambda: SvDbvForm(initial={"plan_published": "no"}), PUBLISHED),
    ],
)
def test_it_renders_what_the_template_it_replaced_rendered(form, layout_object):
    ours = layout_object.render(form(), {})

    assert parse_html(ours) == parse_html(former(form(), layout_object))
