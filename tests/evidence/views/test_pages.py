"""The public pages of evidence (evidence.views.pages): the call for evidence, with the six themes, how
evidence is used, who sees it and the way in; and one page per theme.
"""

import re

import pytest
from django.utils.html import escape

from evidence.models import Theme

pytestmark = pytest.mark.django_db


def test_the_call_for_evidence_explains_every_theme_from_the_theme_rows(client):
    page = client.get("/evidence/").content.decode()

    themes = list(Theme.objects.all())
    assert len(themes) == 6
    for theme in themes:
        assert escape(theme.name) in page
        assert escape(theme.what_we_want_to_hear) in page
        assert f'href="/evidence/themes/{theme.slug}/"' in page


def test_the_call_for_evidence_says_how_evidence_is_used_and_that_only_the_education_team_sees_it(client):
    page = client.get("/evidence/").content.decode()

    assert "How we will use your evidence" in page
    assert "Only the NASUWT's Education Team" in page
    assert 'href="/privacy/"' in page


def test_the_call_for_evidence_gives_the_education_teams_address_from_settings(client, settings):
    settings.EDUCATION_TEAM_CONTACT = "evidence@example.org"

    page = client.get("/evidence/").content.decode()

    assert 'href="mailto:evidence@example.org"' in page


def test_the_call_for_evidence_has_a_start_button_into_the_form(client):
    page = client.get("/evidence/").content.decode()

    assert 'class="govuk-button govuk-button--start"' in page
    assert 'href="/evidence/send/"' in page


def test_the_call_for_evidence_is_marked_as_the_current_section(client):
    page = client.get("/evidence/").content.decode()

    assert "govuk-service-navigation__item--active" in page


def test_the_call_for_evidence_start_button_begins_the_journey(client):
    page = client.get("/evidence/").content.decode()
    start = re.search(r'<a href="([^"]+)"[^>]*class="govuk-button govuk-button--start"', page)

    assert start, "a start button"
    assert client.get(start.group(1))["Location"] == "/evidence/send/about-you/"


# --- One page per theme ---------------------------------------------------------------------------


def test_a_theme_page_describes_the_theme(client):
    theme = Theme.objects.get(slug="sv-dbv")

    response = client.get("/evidence/themes/sv-dbv/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{escape(theme.name)}</h1>' in page
    assert escape(theme.what_we_want_to_hear) in page
    assert 'href="/evidence/send/"' in page


def test_a_theme_page_links_the_related_consultation_questions(client):
    page = client.get("/evidence/themes/workload/").content.decode()

    for number in [2, 4, 16, 20, 21]:
        assert f'href="/response/questions/{number}/"' in page
    assert 'href="/response/questions/18/"' not in page


def test_a_theme_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get("/evidence/themes/sv-dbv/")


def test_a_theme_page_links_the_other_themes(client):
    page = client.get("/evidence/themes/banding/").content.decode()

    assert 'href="/evidence/themes/training/"' in page
    assert 'href="/evidence/themes/banding/"' not in page


def test_an_unknown_theme_is_not_found(client):
    assert client.get("/evidence/themes/no-such-theme/").status_code == 404
