import re
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from nasuwt_send import views

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.django_db
def test_home_page_explains_the_portal_and_leads_to_both_journeys(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Tell us about the SEND system</h1>' in html
    assert 'href="/evidence/"' in html
    assert 'href="/response/"' in html
    assert "govuk-skip-link" in html
    assert 'type="module"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/privacy/", "/accessibility/"])
def test_footer_pages_answer(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_an_unknown_page_gets_the_sites_own_404(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_database_outage_is_a_friendly_503_not_a_stack_trace():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        response = views.server_error(request)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again shortly" in response.content.decode()


def test_any_other_failure_is_the_sites_own_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = views.server_error(request)

    assert response.status_code == 500
    assert "a bug" not in response.content.decode()


def test_no_template_has_inline_scripts_or_styles():
    """A strict Content-Security-Policy will forbid them: scripts and styles come from static files."""
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        if "emails" in template.parts:
            continue  # email clients need inline styles; CSP does not apply to mail
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<style\b|\sstyle=\"", text):
            offenders.append(str(template.relative_to(TEMPLATES)))

    assert offenders == []
