"""admin.site refuses every page but the login to a session without a verified second factor."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from nasuwt_send.signin.admin_site import StaffAdminSite
from tests.factories import PASSWORD
from tests.staff import sign_in

pytestmark = pytest.mark.django_db
ADMIN_PAGES = [
    "/admin/",
    "/admin/evidence/submission/",
    "/admin/evidence/submission/?status__exact=new",
    "/admin/evidence/submission/export/",
    "/admin/evidence/submission/dashboard/",
    "/admin/evidence/localauthority/tracker/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/otp_totp/totpdevice/",
    "/admin/axes/accessattempt/",
    "/admin/password_change/",
]


def test_the_admin_site_is_the_staff_one():
    assert isinstance(admin.site, StaffAdminSite)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_password_alone_opens_no_admin_page_even_for_a_superuser(client, dave, path):
    client.force_login(dave)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_debug_does_not_skip_the_second_factor(client, dave, settings):
    settings.DEBUG = True
    client.force_login(dave)

    assert client.get("/admin/").status_code == 302


def test_the_login_page_sends_a_password_only_session_on_to_the_code(client, alice):
    client.force_login(alice)

    response = client.get("/admin/", follow=True)

    assert [url for url, _ in response.redirect_chain][-1].startswith(reverse("admin:two_factor_set_up"))
    assert "Set up your authenticator app" in response.content.decode()


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_verified_session_opens_the_admin(client, dave, path):
    sign_in(client, dave)

    assert client.get(path).status_code == 200


def test_a_superuser_unlocks_a_username_by_deleting_its_attempts(client, dave, alice):
    for _ in range(5):
        client.post("/admin/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="192.0.2.1")
    attempt = AccessAttempt.objects.get(username="alice")
    sign_in(client, dave)

    assert "alice" in client.get("/admin/axes/accessattempt/").content.decode()
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert not AccessAttempt.objects.exists()
    other = Client(REMOTE_ADDR="192.0.2.1")
    assert other.post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302


def test_an_anonymous_visitor_sees_the_login_page(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_a_member_is_not_sent_to_the_code_page(client, erin):
    client.force_login(erin)

    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "not authorized to access this page" in response.content.decode()
