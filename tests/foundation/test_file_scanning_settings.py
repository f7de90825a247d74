"""The "File scanning" settings: CLAMD_SOCKET and CLAMD_TIMEOUT_SECONDS, read once at start-up."""

import pytest

from tests.foundation.test_settings import django

LOCAL = {"DJANGO_DEBUG": "1"}


def test_scanning_is_off_by_default():
    result = django("from django.conf import settings; print(repr(settings.CLAMD_SOCKET))", LOCAL)

    assert result.stdout.strip() == "''", result.stderr


@pytest.mark.parametrize("address", ["/run/clamav/clamd.ctl", "tcp://clamd.internal:3310"])
def test_a_unix_socket_path_or_a_tcp_address_is_taken(address):
    code = "from django.conf import settings; print(settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT_SECONDS)"
    result = django(code, {**LOCAL, "CLAMD_SOCKET": address, "CLAMD_TIMEOUT_SECONDS": "5"})

    assert result.stdout.split() == [address, "5"], result.stderr


@pytest.mark.parametrize("address", ["clamd:3310", "tcp://clamd", "run/clamd.ctl"])
def test_a_malformed_address_stops_start_up(address):
    result = django("", {**LOCAL, "CLAMD_SOCKET": address})

    assert result.returncode != 0
    assert "CLAMD_SOCKET must be a unix socket path" in result.stderr
