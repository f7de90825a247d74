"""Pages are compressed when the browser accepts gzip (nasuwt_send/compression.py), except a response
that carries a CSRF token: BREACH needs a secret beside reflected input, and those pages have both."""

import gzip

import pytest

from tests.staff import sign_in

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.parametrize("url", ["/", "/evidence/", "/response/", "/response/search/?q=mediation"])
def test_public_pages_are_compressed_and_decompress_to_the_page(client, url):
    plain = client.get(url)
    compressed = client.get(url, **GZIP)  # the second comes from the page cache where there is one

    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2


def test_the_search_words_shown_back_are_compressed_with_no_secret_beside_them(client):
    page = gzip.decompress(client.get("/response/search/", {"q": "mediation"}, **GZIP).content).decode()

    assert 'value="mediation"' in page
    assert "csrfmiddlewaretoken" not in page


def test_a_journey_step_with_its_csrf_token_is_not_compressed(client):
    client.get("/evidence/send/")
    response = client.get("/evidence/send/about-you/", **GZIP)

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_staff_pages_with_forms_are_not_compressed(client, alice):
    assert not client.get("/admin/login/", **GZIP).has_header("Content-Encoding")
    sign_in(client, alice)
    response = client.get("/admin/evidence/submission/", {"q": "mediation"}, **GZIP)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_nothing_is_compressed_for_a_browser_that_does_not_ask(client):
    assert not client.get("/").has_header("Content-Encoding")
