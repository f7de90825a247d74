"""Response search remembered in the process (consultation.search): a repeated search costs no query,
any content change retires what was remembered, and only RESULTS_KEPT searches are kept."""

import pytest

from consultation import search as search_module
from consultation.search import RESULTS_KEPT, search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_in_memory(settings):
    """The content version lives in the cache: a Redis call timing out on a busy machine would pause
    Redis, hand out a fresh version and make these query counts flaky (seen once in CI). What is
    tested here is the process's memory, not Redis."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "search"},
    }


def test_a_repeated_search_is_answered_without_a_query(send_review, django_assert_num_queries):
    first = search(send_review, "mediation")
    with django_assert_num_queries(0):
        again = search(send_review, "  MEDIATION ")

    assert again == first and first[0].url == "/response/questions/6/"


def test_a_content_change_retires_the_remembered_results(send_review):
    assert search(send_review, "mediation")[0].url == "/response/questions/6/"
    question = send_review.questions.get(number=6)
    question.answer = question.answer + " Zebracrossing."
    question.save()

    assert [r.url for r in search(send_review, "zebracrossing")] == ["/response/questions/6/"]
    assert search(send_review, "mediation")[0].url == "/response/questions/6/"


def test_only_so_many_searches_are_kept(send_review):
    search_module._remembered.cache_clear()
    for n in range(RESULTS_KEPT + 20):
        search(send_review, f"word{n}")

    assert search_module._remembered.cache_info().currsize == RESULTS_KEPT


def test_the_search_page_asks_the_database_once_for_a_repeated_search(
    client, send_review, django_assert_max_num_queries
):
    client.get("/response/search/", {"q": "mediation"})
    with django_assert_max_num_queries(1):  # which consultation: published or, for staff, a preview
        response = client.get("/response/search/", {"q": "mediation"})

    assert "/response/questions/6/" in response.content.decode()
