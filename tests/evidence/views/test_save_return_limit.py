"""Save-and-return emails are limited per address and per client (SAVE_RETURN_RATE_LIMIT), on real
Redis; over the limit the member gets the friendly page and no email is written."""

import pytest
from django.test import Client

from evidence.models import OutboundEmail
from tests.journeys import answer_evidence_steps, evidence_answers

pytestmark = pytest.mark.django_db

SAVE = "/evidence/send/save/?step=themes"
FRIENDLY = "Sorry, you have sent too many requests"


@pytest.fixture
def limited(settings, redis_url):
    settings.RATELIMIT_ENABLE = True
    settings.SAVE_RETURN_RATE_LIMIT = "2/h"


def member(address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    answer_evidence_steps(client, {"about-you": evidence_answers()["about-you"]})
    return client


def test_one_address_gets_so_many_links_an_hour_from_any_client(limited):
    for n in range(2):
        assert member(f"192.0.2.{n}").post(SAVE, {"email": "erin@example.org"}).status_code == 302

    response = member("192.0.2.9").post(SAVE, {"email": "ERIN@example.org"})

    assert response.status_code == 429 and FRIENDLY in response.content.decode()
    assert OutboundEmail.objects.count() == 2
    assert member("192.0.2.9").post(SAVE, {"email": "frank@example.org"}).status_code == 302


def test_one_client_gets_so_many_links_an_hour_for_any_address(limited):
    client = member("198.51.100.7")
    for n in range(2):
        assert client.post(SAVE, {"email": f"member{n}@example.org"}).status_code == 302

    assert client.post(SAVE, {"email": "another@example.org"}).status_code == 429
    assert OutboundEmail.objects.count() == 2


def test_with_redis_down_or_hung_members_save_all_the_same(closed_port, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        },
    }
    settings.RATELIMIT_ENABLE = True
    settings.SAVE_RETURN_RATE_LIMIT = "1/h"
    client = member("203.0.113.5")

    for _ in range(2):
        assert client.post(SAVE, {"email": "erin@example.org"}).status_code == 302
