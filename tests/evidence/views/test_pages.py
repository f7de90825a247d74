"""The call for evidence: the six themes, how evidence is used, who sees it, and the way in."""

import pytest
from django.utils.html import escape

from evidence.models import Theme

pytestmark = pytest.mark.django_db


def test_it_explains_every_theme_from_the_theme_rows(client):
    page = client.get("/evidence/").content.decode()

    themes = list(Theme.objects.all())
    assert len(themes) == 6
    for theme in themes:
        assert escape(theme.name) in page
        assert escape(theme.what_we_want_to_hear) in page
        assert f'href="/evidence/themes/{theme.slug}/"' in page


def test_it_says_how_evidence_is_used_and_that_only_the_education_team_sees_it(client):
    page = client.get("/evidence/").content.decode()

    assert "How we will use your evidence" in page
    assert "Only the NASUWT's Education Team" in page
    assert 'href="/privacy/"' in page


def test_it_gives_the_education_teams_address_from_settings(client, settings):
    settings.EDUCATION_TEAM_CONTACT = "evidence@example.org"

    page = client.get("/evidence/").content.decode()

    assert 'href="mailto:evidence@example.org"' in page


def test_it_has_a_start_button_into_the_form(client):
    page = client.get("/evidence/").content.decode()

    assert 'class="govuk-button govuk-button--start"' in page
    assert 'href="/evidence/send/"' in page


def test_it_is_marked_as_the_current_section(client):
    page = client.get("/evidence/").content.decode()

    assert "govuk-service-navigation__item--active" in page
