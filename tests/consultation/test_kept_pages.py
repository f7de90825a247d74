"""Search pages kept in the process (consultation.kept_pages): a repeated search costs no query and no
rendering, any content change retires the kept pages, staff always get a fresh page, the memory stays
within both bounds, and nothing reaches the Redis the broker shares."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import resolve

from consultation import kept_pages
from consultation.kept_pages import PAGE_BYTES, PAGES_KEPT, KeptPage, KeptPages
from consultation.page_cache import bump_content_version, page_key
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
URL = "/response/search/"


@pytest.fixture(autouse=True)
def _cache_in_memory(settings):
    """The content version lives in the cache: as in test_search_memory.py, a Redis call timing out on a
    busy machine would hand out a fresh version and make these counts flaky. What is tested here is the
    process's memory, not Redis. Emptied for each test, as tests/conftest.py empties the usual cache."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept-pages"},
    }
    cache.clear()


def rendered_again(response) -> bool:
    return "consultation/search.html" in [template.name for template in response.templates]


def test_a_repeated_search_costs_no_query_and_no_rendering(client, send_review, django_assert_num_queries):
    first = client.get(URL, {"q": "mediation"})
    with django_assert_num_queries(0):
        again = client.get(URL, {"q": "mediation"})

    assert rendered_again(first) and not rendered_again(again)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == "text/html; charset=utf-8"
    assert '<mark class="union-highlight">mediation</mark>' in again.content.decode()


def test_the_same_words_typed_differently_show_the_query_as_typed(client, send_review):
    client.get(URL, {"q": "mediation"})

    html = client.get(URL, {"q": "MEDIATION"}).content.decode()

    assert "results for “MEDIATION”" in html
    assert 'value="MEDIATION"' in html
    assert 'href="/response/questions/6/"' in html


def test_no_search_and_an_empty_search_are_different_pages(client, send_review):
    client.get(URL)
    client.get(URL, {"q": ""})

    assert "There is a problem" not in client.get(URL).content.decode()
    assert "Enter a word or phrase to search for" in client.get(URL, {"q": ""}).content.decode()


def test_a_saved_answer_is_found_by_the_next_search(client, send_review):
    assert "0 results for" in client.get(URL, {"q": "zebracrossing"}).content.decode()
    question = send_review.questions.get(number=6)
    question.answer = question.answer + " Zebracrossing."
    question.save()

    html = client.get(URL, {"q": "zebracrossing"}).content.decode()

    assert "1 result for" in html
    assert '<mark class="union-highlight">Zebracrossing</mark>' in html


def test_a_change_saved_by_another_process_retires_the_kept_pages(client, send_review):
    client.get(URL, {"q": "mediation"})
    bump_content_version()  # what any process's save does to the version they all read

    assert rendered_again(client.get(URL, {"q": "mediation"}))


def test_staff_get_a_fresh_page_every_time(client, send_review, bob):
    client.get(URL, {"q": "mediation"})
    sign_in(client, bob)
    # Unpublish without a signal, as if the kept page were stale: staff must still see the live state.
    type(send_review).objects.filter(pk=send_review.pk).update(published=False)

    response = client.get(URL, {"q": "mediation"})

    assert rendered_again(response)
    assert "This consultation is not published" in response.content.decode()


def test_a_flood_of_distinct_searches_stays_within_both_bounds_and_out_of_the_cache(client, send_review):
    kept_pages.kept.clear()
    for n in range(PAGES_KEPT + 20):
        assert client.get(URL, {"q": f"mediation word{n}"}).status_code == 200

    assert len(kept_pages.kept) == PAGES_KEPT
    assert 0 < kept_pages.kept.bytes <= PAGE_BYTES
    request = RequestFactory().get(URL, {"q": "mediation word0"})
    request.resolver_match = resolve(URL)
    assert cache.get(page_key(request, reads=["q"])) is None


def page(content: str) -> KeptPage:
    return KeptPage(content=content.encode(), headers=(("Content-Type", "text/html; charset=utf-8"),))


def test_the_least_recently_used_pages_go_first_when_the_bytes_run_out():
    pages = KeptPages(entries=100, size=1000)
    for n in range(3):
        pages.keep(f"q{n}", page("x" * 300))
    pages.get("q0")  # used again: now the most recent

    pages.keep("q3", page("x" * 300))

    assert pages.bytes == 900
    assert pages.get("q1") is None
    assert all(pages.get(key) is not None for key in ("q0", "q2", "q3"))


def test_a_page_bigger_than_the_budget_is_not_kept_and_pushes_nothing_out():
    pages = KeptPages(entries=100, size=1000)
    pages.keep("small", page("x" * 10))

    pages.keep("huge", page("x" * 1001))

    assert pages.get("huge") is None
    assert pages.get("small") is not None
    assert pages.bytes == 10


def test_bytes_are_counted_as_sent_and_a_replaced_page_counts_once():
    pages = KeptPages(entries=100, size=1000)
    pages.keep("q", page("…" * 10))  # three bytes each in UTF-8
    pages.keep("q", page("…" * 20))

    assert len(pages) == 1
    assert pages.bytes == 60
