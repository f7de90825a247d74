"""The home page and the privacy notice come from the public page cache for anonymous visitors: they
have no form (so no CSRF token) and nothing from the visitor's session."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/privacy/"])
def test_a_second_visitor_gets_the_page_without_a_query(client, url, django_assert_num_queries):
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert "csrfmiddlewaretoken" not in second.content.decode()
