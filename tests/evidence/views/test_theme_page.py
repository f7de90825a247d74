"""One page per theme: what we want to hear, and the consultation questions it relates to."""

import pytest
from django.utils.html import escape

from evidence.models import Theme

pytestmark = pytest.mark.django_db


def test_it_describes_the_theme(client):
    theme = Theme.objects.get(slug="sv-dbv")

    response = client.get("/evidence/themes/sv-dbv/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{escape(theme.name)}</h1>' in page
    assert escape(theme.what_we_want_to_hear) in page
    assert 'href="/evidence/send/"' in page


def test_it_links_the_related_consultation_questions(client):
    page = client.get("/evidence/themes/workload/").content.decode()

    for number in [2, 4, 16, 20, 21]:
        assert f'href="/response/questions/{number}/"' in page
    assert 'href="/response/questions/18/"' not in page


def test_it_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get("/evidence/themes/sv-dbv/")


def test_it_links_the_other_themes(client):
    page = client.get("/evidence/themes/banding/").content.decode()

    assert 'href="/evidence/themes/training/"' in page
    assert 'href="/evidence/themes/banding/"' not in page


def test_an_unknown_theme_is_not_found(client):
    assert client.get("/evidence/themes/no-such-theme/").status_code == 404
