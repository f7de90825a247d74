import pytest

pytestmark = pytest.mark.django_db
URL = "/response/search/"


def test_it_offers_a_search_box_before_anything_is_searched(client, send_review):
    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<label class="govuk-label govuk-label--s" for="q">' in html
    assert "Use up to 200 characters." in html
    assert "There is a problem" not in html


def test_it_finds_the_answer_about_mediation(client, send_review):
    html = client.get(URL, {"q": "mediation"}).content.decode()

    assert 'href="/response/questions/6/"' in html
    assert '<mark class="union-highlight">' in html
    assert "result" in html


def test_it_finds_proposals_and_links_them_on_the_overview(client, send_review):
    html = client.get(URL, {"q": "tariffs"}).content.decode()

    assert 'href="/response/#proposal-4"' in html


def test_it_says_so_when_nothing_matches(client, send_review):
    html = client.get(URL, {"q": "zebracrossing"}).content.decode()

    assert "0 results for" in html
    assert "Nothing matched your search" in html


def test_an_empty_search_asks_for_words(client, send_review):
    response = client.get(URL, {"q": "   "})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Enter a word or phrase to search for" in html
    assert "<title>Error:" in html


def test_a_very_long_search_is_refused_politely(client, send_review):
    response = client.get(URL, {"q": "mediation " * 1000})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Search for 200 characters or fewer" in html
    assert 'maxlength="200"' in html
    assert "mediation " * 30 not in html


def test_a_search_with_a_nul_byte_is_refused_politely(client, send_review):
    response = client.get(URL + "?q=media%00tion")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Your search has a character we cannot search for" in html
    assert "\x00" not in html


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE consultation_question; --",
        "<script>alert(1)</script>",
        '"unbalanced quote',
        "-mediation OR",
        "!!! &&& ||| :*",
        "mediation)",
        "\u202e\u0000bidi",
    ],
)
def test_metacharacters_never_break_the_search(client, send_review, query):
    response = client.get(URL, {"q": query})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html


def test_the_query_is_shown_back_escaped(client, send_review):
    html = client.get(URL, {"q": "<b>mediation</b>"}).content.decode()

    assert "&lt;b&gt;mediation&lt;/b&gt;" in html
    assert "<b>mediation</b>" not in html


def test_it_hides_unpublished_consultations_from_the_public(client, no_consultations):
    assert client.get(URL, {"q": "mediation"}).status_code == 404
