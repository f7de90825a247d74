"""The final submit is rate limited per client; a Redis outage lets members through, never a 500."""

import socket

import pytest
from django.test import Client

from evidence.models import Submission
from tests.journeys import answer_evidence_steps, evidence_answers, send_evidence

pytestmark = pytest.mark.django_db

CHECK = "/evidence/send/check-your-answers/"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def limited(settings, redis_url):
    settings.RATELIMIT_ENABLE = True
    settings.EVIDENCE_RATE_LIMIT = "2/h"


def test_members_within_the_limit_get_through(limited):
    for _ in range(2):
        assert send_evidence(Client())["Location"] == "/evidence/sent/"

    assert Submission.objects.count() == 2


def test_the_next_submit_from_the_same_client_gets_the_friendly_429_page(limited):
    for _ in range(2):
        send_evidence(Client())
    member = Client()
    answer_evidence_steps(member, evidence_answers())

    response = member.post(CHECK)

    assert response.status_code == 429
    assert "Sorry, you have sent too many requests" in response.content.decode()
    assert Submission.objects.count() == 2
    assert "evidence_journey" in member.session, "their answers wait for them"


def test_only_the_final_submit_counts(limited):
    member = Client()
    for _ in range(3):
        answer_evidence_steps(member, evidence_answers())

    assert member.post(CHECK)["Location"] == "/evidence/sent/"


def test_another_client_is_not_limited(limited):
    for _ in range(2):
        send_evidence(Client())

    elsewhere = Client(REMOTE_ADDR="192.0.2.7")

    assert send_evidence(elsewhere)["Location"] == "/evidence/sent/"


def test_a_redis_outage_lets_the_member_through(settings):
    settings.RATELIMIT_ENABLE = True
    dead = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    }
    settings.CACHES = {"default": dead, "ratelimit": dead}

    response = send_evidence(Client())

    assert response.status_code == 302
    assert response["Location"] == "/evidence/sent/"
    assert Submission.objects.count() == 1
