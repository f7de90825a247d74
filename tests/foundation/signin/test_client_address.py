"""The lockout counts the client's own address, behind our proxy too."""

import pytest
from django.test import RequestFactory

from nasuwt_send.signin.client_address import client_address

FORWARDED = "203.0.113.9, 198.51.100.20"


def request(**meta: str):
    return RequestFactory().get("/admin/login/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_the_proxy_it_is_the_connecting_address_whatever_the_header_says(settings):
    settings.SECURE_PROXY_SSL_HEADER = None

    assert client_address(request(HTTP_X_FORWARDED_FOR=FORWARDED)) == "10.0.0.2"


def test_behind_the_proxy_it_is_the_right_most_forwarded_address(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    assert client_address(request(HTTP_X_FORWARDED_FOR=FORWARDED)) == "198.51.100.20"


@pytest.mark.parametrize("header", ["", "not-an-address", "203.0.113.9, ", "1.2.3.4\x00"])
def test_behind_the_proxy_a_missing_or_malformed_header_falls_back_to_the_connection(settings, header):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    assert client_address(request(HTTP_X_FORWARDED_FOR=header)) == "10.0.0.2"


def test_it_is_what_axes_counts(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "nasuwt_send.signin.client_address.client_address"
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
