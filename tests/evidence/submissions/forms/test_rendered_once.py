"""A blank "About you" form is rendered once per process (evidence.submissions.forms.rendered_once),
exactly as crispy-forms renders it; answers shown again are rendered for the member."""

import re

import pytest
from django.test.html import parse_html

pytestmark = pytest.mark.django_db


def test_a_blank_about_you_form_is_rendered_once_and_as_crispy_renders_it(client):
    from django.template import Context, Template

    from evidence.submissions.forms import AboutYouForm, rendered_once

    rendered_once._kept.clear()
    client.get("/evidence/send/")
    first = client.get("/evidence/send/about-you/").content.decode()
    with patch_render() as calls:
        second = client.get("/evidence/send/about-you/").content.decode()

    kept = rendered_once.blank_html(AboutYouForm())
    assert calls == []  # the kept HTML: crispy's templates not run again
    assert kept in first and kept in second
    crispy = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": AboutYouForm()})
    )
    assert parse_html(rendered_once.blank_html(AboutYouForm())) == parse_html(crispy)


def test_answers_shown_again_are_rendered_for_the_member(client):
    from tests.journeys import evidence_answers

    client.get("/evidence/send/")
    client.post("/evidence/send/about-you/", evidence_answers()["about-you"])
    page = client.get("/evidence/send/about-you/").content.decode()

    senco = re.search(r'<input[^>]*value="senco"[^>]*>', page)[0]
    assert "checked" in senco


def patch_render():
    from contextlib import contextmanager
    from unittest import mock

    from evidence.submissions.forms import rendered_once

    @contextmanager
    def patched():
        calls: list[object] = []
        original = rendered_once.render_crispy_form
        with mock.patch.object(
            rendered_once, "render_crispy_form", side_effect=lambda f: calls.append(f) or original(f)
        ):
            yield calls

    return patched()
