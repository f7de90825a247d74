"""The public pages come from the page cache: the home page, the privacy notice, the call for evidence
and the theme pages are the same for every anonymous visitor (no form, so no CSRF token, and nothing
from the visitor's session), retired when a theme changes, never served to staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import Theme
from tests.staff import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/privacy/", "/evidence/", "/evidence/themes/workload/"])
def test_a_second_visitor_gets_the_page_without_a_query(client, url, django_assert_num_queries):
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert "csrfmiddlewaretoken" not in second.content.decode()
    assert not second.cookies  # nothing of one visitor's is stored for the next


@pytest.mark.parametrize("url", ["/evidence/", "/evidence/themes/workload/"])
def test_a_theme_saved_shows_at_once(client, url):
    client.get(url)
    theme = Theme.objects.get(slug="workload")
    theme.what_we_want_to_hear = "Tell us about the paperwork that keeps you from teaching."
    theme.save()

    assert "the paperwork that keeps you from teaching" in client.get(url).content.decode()


def test_staff_are_never_served_the_cache(client, alice):
    client.get("/evidence/")
    sign_in(client, alice)
    with CaptureQueriesContext(connection) as queries:
        client.get("/evidence/")

    assert len(queries) > 0  # rendered for them, from the database
