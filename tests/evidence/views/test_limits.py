"""evidence.views.limits: journey starts, uploaded files and uploaded bytes, per client and hour.

On real Redis (the ``ratelimit`` cache); a Redis that is down or hung lets members through.
"""

import pytest
from django.test import Client

from tests.files import tiny_file, upload
from tests.journeys import answer_steps_before_contact

pytestmark = pytest.mark.django_db

START = "/evidence/send/"
ATTACHMENTS = "/evidence/send/attachments/"
FRIENDLY = "Sorry, you have sent too many requests"


@pytest.fixture
def limited(settings, redis_url):
    settings.RATELIMIT_ENABLE = True
    settings.EVIDENCE_START_RATE_LIMIT = "2/h"
    settings.EVIDENCE_UPLOAD_RATE_LIMIT = "3/h"
    settings.EVIDENCE_UPLOAD_BYTES_PER_HOUR = 10 * 1024 * 1024


def pdf(name="plan.pdf"):
    return upload(name, tiny_file("pdf"))


def test_a_client_starting_too_many_journeys_gets_the_friendly_page(limited):
    for _ in range(2):
        assert Client().get(START).status_code == 302

    response = Client().get(START)

    assert response.status_code == 429
    assert FRIENDLY in response.content.decode()


def test_picking_up_a_journey_in_progress_is_not_a_new_start(limited):
    member = Client()
    for _ in range(5):
        assert member.get(START).status_code == 302


def test_members_behind_the_proxy_each_have_their_own_allowance(limited, settings):
    settings.BEHIND_TLS_PROXY = True
    for _ in range(2):
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1").get(START)

    other_member = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.2")
    spoofing_member = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.1")

    assert other_member.get(START).status_code == 302
    assert spoofing_member.get(START).status_code == 429, "only the address our proxy appended counts"


def test_uploading_more_files_than_the_hourly_allowance_is_refused_and_the_journey_waits(limited):
    member = Client()
    answer_steps_before_contact(member)
    member.post(ATTACHMENTS, {"files": [pdf("a.pdf"), pdf("b.pdf")], "action": "upload"})
    member.post(ATTACHMENTS, {"files": [pdf("c.pdf")], "action": "upload"})

    response = member.post(ATTACHMENTS, {"files": [pdf("d.pdf")], "action": "upload"})

    assert response.status_code == 429
    assert FRIENDLY in response.content.decode()
    assert [u["original_name"] for u in member.session["evidence_journey"]["uploads"]] == [
        "a.pdf",
        "b.pdf",
        "c.pdf",
    ]
    assert member.post(ATTACHMENTS, {"action": "continue"}).status_code == 302, (
        "going on without files is fine"
    )


def test_uploading_more_bytes_than_the_hourly_allowance_is_refused(limited, settings):
    settings.EVIDENCE_UPLOAD_BYTES_PER_HOUR = len(tiny_file("pdf")) * 2 - 1
    member = Client()
    answer_steps_before_contact(member)
    assert member.post(ATTACHMENTS, {"files": [pdf("a.pdf")], "action": "upload"}).status_code == 302

    response = member.post(ATTACHMENTS, {"files": [pdf("b.pdf")], "action": "upload"})

    assert response.status_code == 429
    assert [u["original_name"] for u in member.session["evidence_journey"]["uploads"]] == ["a.pdf"]


def test_rate_limit_enable_off_switches_every_limit_off(limited, settings):
    settings.RATELIMIT_ENABLE = False
    settings.EVIDENCE_UPLOAD_BYTES_PER_HOUR = 1
    for _ in range(3):
        assert Client().get(START).status_code == 302
    member = Client()
    answer_steps_before_contact(member)

    for name in ("a.pdf", "b.pdf", "c.pdf", "d.pdf"):
        assert member.post(ATTACHMENTS, {"files": [pdf(name)], "action": "upload"}).status_code == 302


@pytest.fixture(params=["closed_port", "silent_port"])
def redis_down(request, settings):
    """The ratelimit cache's Redis refuses connections, or accepts them and never answers."""
    port = request.getfixturevalue(request.param)
    dead = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
            "IGNORE_EXCEPTIONS": True,
        },
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": dead,
    }
    settings.RATELIMIT_ENABLE = True
    settings.EVIDENCE_START_RATE_LIMIT = "1/h"
    settings.EVIDENCE_UPLOAD_RATE_LIMIT = "1/h"
    settings.EVIDENCE_UPLOAD_BYTES_PER_HOUR = 1


def test_with_redis_down_or_hung_members_start_and_upload_all_the_same(redis_down):
    for _ in range(2):
        assert Client().get(START).status_code == 302
    member = Client()
    answer_steps_before_contact(member)

    for name in ("a.pdf", "b.pdf"):
        assert member.post(ATTACHMENTS, {"files": [pdf(name)], "action": "upload"}).status_code == 302
    assert len(member.session["evidence_journey"]["uploads"]) == 2
