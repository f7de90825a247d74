"""Public pages are cached for anonymous visitors, and any content change retires the cache."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import resolve

from consultation.page_cache import (
    CONTENT_VERSION_KEY,
    bump_content_version,
    cache_public_page,
    content_version,
    page_key,
)
from tests.factories import AimFactory, ConsultationFactory, QuestionFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db


def test_the_content_version_starts_and_bumps():
    first = content_version()
    bump_content_version()

    assert content_version() == first + 1


def test_bumping_works_when_the_version_was_evicted():
    cache.delete(CONTENT_VERSION_KEY)

    bump_content_version()

    assert cache.get(CONTENT_VERSION_KEY) is not None


@pytest.mark.parametrize("factory", [ConsultationFactory, AimFactory, QuestionFactory])
def test_saving_or_deleting_any_consultation_content_bumps_the_version(factory):
    before = content_version()
    thing = factory()
    after_save = content_version()
    thing.delete()

    assert after_save > before
    assert content_version() > after_save


def test_a_save_bumps_the_version_again_when_it_commits(django_capture_on_commit_callbacks):
    # A page rendered between the save and its commit reads the old rows under the new version: the
    # second bump retires it.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        AimFactory()
        saved = content_version()
    for callback in callbacks:
        callback()

    assert content_version() > saved


def test_an_admin_style_save_through_the_orm_shows_at_once(client, send_review):
    assert "Question 6" in client.get("/response/questions/6/").content.decode()
    question = send_review.questions.get(number=6)
    question.answer = "A corrected answer."
    question.save()

    assert "A corrected answer." in client.get("/response/questions/6/").content.decode()


def test_anonymous_visitors_get_the_cached_page(client, send_review, django_assert_num_queries):
    client.get("/response/")

    with django_assert_num_queries(0):
        response = client.get("/response/")

    assert response.status_code == 200
    assert "SEND Review" in response.content.decode()


def test_the_cached_page_is_not_served_for_a_different_address(client, send_review):
    client.get("/response/questions/6/")

    assert "Question 7" in client.get("/response/questions/7/").content.decode()


def test_staff_never_get_cached_pages(client, send_review, bob):
    client.get("/response/")
    sign_in(client, bob)
    # Unpublish without a signal, as if the cache were stale: staff must still see the live state.
    type(send_review).objects.filter(pk=send_review.pk).update(published=False)

    response = client.get("/response/")

    assert "This consultation is not published" in response.content.decode()


def test_pages_for_logged_in_people_are_not_stored(client, send_review, erin):
    client.force_login(erin)
    client.get("/response/union-response/")
    client.logout()

    type(send_review).objects.filter(pk=send_review.pk).update(title="Changed without a signal")

    assert "Changed without a signal" in client.get("/response/union-response/").content.decode()


def test_a_redis_outage_is_only_a_cache_miss(client, send_review, settings, closed_port):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    # Changing CACHES makes Django drop its cache connections, so the next use connects to the dead port.
    response = client.get("/response/questions/6/")
    bump_content_version()

    assert response.status_code == 200


def test_responses_with_pending_messages_are_not_cached(send_review):
    calls = []

    @cache_public_page
    def view(request):
        calls.append(request)
        from django.http import HttpResponse

        return HttpResponse("hello")

    def request_with_message():
        from django.contrib.auth.models import AnonymousUser

        request = RequestFactory().get("/response/with-message/")
        request.user = AnonymousUser()
        request.session = {}
        request._messages = FallbackStorage(request)
        request._messages.add(20, "Saved")
        return request

    view(request_with_message())
    view(request_with_message())

    assert len(calls) == 2
    assert len(get_messages(calls[0])) == 1


def test_search_pages_are_never_cached(client, send_review, rf):
    client.get("/response/search/", {"q": "mediation"})
    client.get("/response/search/", {"q": "mediation"})

    # Kept in the process instead, bounded: tests/consultation/test_kept_pages.py.
    request = rf.get("/response/search/", {"q": "mediation"})
    request.resolver_match = resolve("/response/search/")
    assert cache.get(page_key(request, reads=["q"])) is None


def test_a_query_string_the_page_does_not_read_reuses_the_same_cached_page(
    client, send_review, django_assert_num_queries
):
    client.get("/response/questions/6/")

    with django_assert_num_queries(0):
        response = client.get("/response/questions/6/?junk=1&utm_source=x")

    assert "Question 6" in response.content.decode()


def test_leading_zeros_in_the_address_are_the_same_page(client, send_review, django_assert_num_queries):
    client.get("/response/questions/6/")

    with django_assert_num_queries(0):
        client.get("/response/questions/0006/")


def test_a_parameter_the_page_reads_keys_its_own_copy_within_bounds(send_review, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    calls = []

    @cache_public_page(reads=["page"])
    def view(request):
        calls.append(request.GET.get("page"))
        return HttpResponse(f"page {request.GET.get('page')}")

    def get(query):
        request = rf.get("/response/paged/", query)
        request.user = AnonymousUser()
        request.session = {}
        request._messages = FallbackStorage(request)
        return view(request).content.decode()

    assert [get({"page": "2"}), get({"page": "2", "junk": "1"}), get({"page": "3"})] == [
        "page 2",
        "page 2",
        "page 3",
    ]
    get({"page": "9" * 101})
    get({"page": "9" * 101})

    assert calls == ["2", "3", "9" * 101, "9" * 101], "too long to key: rendered each time, never stored"
