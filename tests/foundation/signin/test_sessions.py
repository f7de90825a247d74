"""Staff sessions end after 30 minutes idle or 8 hours in all; nobody else's session is touched."""

import time

import pytest
from django.urls import reverse

from nasuwt_send.signin.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
ADMIN_INDEX = "/admin/"


def age_session(client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN_AT}[key]] = now - ago
    session.save()


@pytest.mark.parametrize("path", ["/", "/evidence/", "/response/"])
def test_an_anonymous_visitor_gets_no_cookie(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


@pytest.mark.parametrize("path", ["/", "/evidence/", "/response/"])
def test_a_signed_in_member_gets_no_new_cookie(client, erin, path):
    client.force_login(erin)

    response = client.get(path)

    assert response.status_code == 200
    assert not response.cookies


def test_signing_in_starts_both_clocks_and_ties_the_cookie_to_the_idle_limit(client, alice):
    sign_in(client, alice)

    session = client.session
    assert time.time() - session[SIGNED_IN_AT] < 5
    assert time.time() - session[LAST_SEEN_AT] < 5
    assert session.get_expiry_age() == 30 * 60


def test_a_staff_session_goes_on_while_the_staff_member_is_active(client, alice):
    sign_in(client, alice)
    age_session(client, signed_in=7 * 3600, last_seen=29 * 60)

    response = client.get(ADMIN_INDEX)

    assert response.status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < 5


def test_a_staff_session_ends_after_30_minutes_without_a_request(client, alice):
    sign_in(client, alice)
    age_session(client, signed_in=31 * 60, last_seen=31 * 60)

    response = client.get(ADMIN_INDEX, follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session
    assert "signed out after 30 minutes without activity" in response.content.decode()


def test_a_staff_session_ends_8_hours_after_signing_in_however_active(client, alice):
    sign_in(client, alice)
    age_session(client, signed_in=8 * 3600 + 1, last_seen=10)

    response = client.get(ADMIN_INDEX, follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session
    assert "signed in more than 8 hours ago" in response.content.decode()


def test_the_limits_are_settings(client, alice, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 60
    sign_in(client, alice)
    age_session(client, last_seen=61)

    response = client.get(ADMIN_INDEX)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_member_signed_in_for_days_is_not_signed_out(client, erin):
    client.force_login(erin)
    age_session(client, signed_in=3 * 24 * 3600, last_seen=3 * 24 * 3600)

    client.get("/")

    assert client.session["_auth_user_id"] == str(erin.pk)
