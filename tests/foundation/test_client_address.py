"""nasuwt_send.client_address: who the rate limits count against, behind our proxy or not."""

import pytest
from django.test import RequestFactory

from nasuwt_send.client_address import client_address, rate_limit_key


def request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_the_proxy_it_is_the_connecting_address_whatever_the_header_says(settings):
    settings.BEHIND_TLS_PROXY = False

    assert client_address(request("198.51.100.9", forwarded="203.0.113.5")) == "198.51.100.9"


def test_behind_the_proxy_it_is_the_address_our_proxy_appended(settings):
    settings.BEHIND_TLS_PROXY = True

    # The client sent "1.2.3.4, 5.6.7.8" itself; our proxy appended the address it saw.
    assert client_address(request("10.0.0.1", forwarded="1.2.3.4, 5.6.7.8, 203.0.113.5")) == "203.0.113.5"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "203.0.113.5, ", "\x00"])
def test_behind_the_proxy_a_missing_or_bad_last_entry_falls_back_to_the_connection(settings, forwarded):
    settings.BEHIND_TLS_PROXY = True

    assert client_address(request("10.0.0.1", forwarded=forwarded)) == "10.0.0.1"


def test_without_any_address_it_is_unknown_rather_than_an_error(settings):
    settings.BEHIND_TLS_PROXY = False

    assert client_address(request(remote="")) == "unknown"


def test_an_ipv6_client_is_limited_by_its_slash_64(settings):
    settings.BEHIND_TLS_PROXY = False

    first = rate_limit_key("g", request("2001:db8:1:2::1"))
    second = rate_limit_key("g", request("2001:db8:1:2:ffff::9"))

    assert first == second == "2001:db8:1:2::"
    assert rate_limit_key("g", request("2001:db8:1:3::1")) != first


def test_an_ipv4_client_is_its_own_address(settings):
    settings.BEHIND_TLS_PROXY = False

    assert rate_limit_key("g", request("::ffff:192.0.2.7")) == "192.0.2.7"
    assert rate_limit_key("g", request("192.0.2.8")) == "192.0.2.8"
