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


def blank_forms():
    """Every step's blank form, and the steps whose arguments change what they show."""
    from evidence.submissions.forms import STEP_FORMS, AttachmentsForm, SvDbvForm
    from evidence.submissions.steps import PREFER_NOT_TO_SAY
    from tests.factories import local_authority

    yield from ((step, form_class()) for step, form_class in STEP_FORMS.items())
    yield "sv-dbv, authority said", SvDbvForm(authority_choice=str(local_authority("Kent").pk))
    yield "sv-dbv, prefer not to say", SvDbvForm(authority_choice=PREFER_NOT_TO_SAY)
    yield "attachments, three so far", AttachmentsForm(files_so_far=3)


def test_every_steps_blank_form_is_kept_and_is_what_crispy_renders():
    from django.template import Context, Template

    from evidence.submissions.forms import rendered_once

    rendered_once._kept.clear()
    for name, form in blank_forms():
        crispy = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
        kept = rendered_once.blank_html(form)

        assert kept is not None, name
        assert parse_html(kept) == parse_html(crispy), name


def test_the_sv_dbv_page_without_its_authority_question_is_kept_apart():
    from evidence.submissions.forms import SvDbvForm, rendered_once
    from tests.factories import local_authority

    rendered_once._kept.clear()
    asks = rendered_once.blank_html(SvDbvForm())
    said = rendered_once.blank_html(SvDbvForm(authority_choice=str(local_authority("Kent").pk)))

    assert 'name="authority"' in asks
    assert 'name="authority"' not in said
