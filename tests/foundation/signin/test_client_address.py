"""The lockout counts the same client as every rate limit (nasuwt_send.client_address)."""

from django.test import RequestFactory

from nasuwt_send.client_address import client_address


def test_it_is_what_axes_counts(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "nasuwt_send.client_address.client_address"
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_behind_the_proxy_the_lockout_counts_the_address_our_proxy_appended(settings):
    settings.BEHIND_TLS_PROXY = True
    request = RequestFactory().post(
        "/admin/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.20"
    )

    assert client_address(request) == "198.51.100.20"
