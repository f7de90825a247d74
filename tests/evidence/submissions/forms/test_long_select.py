"""The local authority select (evidence.submissions.forms.long_select): the same HTML as Django's own
Select, its 155 options rendered once per process rather than once per request."""

import re

import pytest
from django import forms
from django.test.html import parse_html

from evidence.submissions.forms import long_select
from evidence.submissions.forms.reference_lists import local_authority_choices
from tests.factories import local_authority

pytestmark = pytest.mark.django_db
ATTRS = {"id": "id_local_authority", "class": "govuk-select", "aria-describedby": "id_hint", "required": True}


@pytest.mark.parametrize("value", [None, "", "prefer-not-to-say", "KENT", "999999", "<script>"])
def test_it_renders_what_djangos_select_renders(value):
    choices = [*local_authority_choices(), ("<b>&", "Odd & <b>escaped</b>")]
    value = str(local_authority("Kent").pk) if value == "KENT" else value
    ours = long_select.Select(choices=choices).render("local_authority", value, ATTRS)
    django = forms.Select(choices=choices).render("local_authority", value, ATTRS)

    assert parse_html(ours) == parse_html(django)


def test_the_about_you_step_builds_the_options_once_for_every_request(client):
    from evidence.submissions.forms import rendered_once

    long_select.option_html.cache_clear()
    rendered_once._kept.clear()
    client.get("/evidence/send/")
    pages = [client.get("/evidence/send/about-you/") for _ in range(3)]

    assert all(page.status_code == 200 for page in pages)
    assert 'value="prefer-not-to-say"' in pages[-1].content.decode()
    assert long_select.option_html.cache_info().misses == 1


def select_tag(page: str) -> str:
    return re.search(r'<select[^>]*id="id_local_authority"[^>]*>', page).group(0)


def test_the_step_styles_it_as_a_gov_uk_select_with_and_without_an_error(client):
    client.get("/evidence/send/")
    page = client.get("/evidence/send/about-you/").content.decode()
    refused = client.post("/evidence/send/about-you/", {"local_authority": "999999"}).content.decode()

    assert 'class="govuk-select"' in select_tag(page)
    assert 'class="govuk-select govuk-input--error"' in select_tag(refused)
