"""The "File scanning" settings: CLAMD_SOCKET and CLAMD_TIMEOUT_SECONDS, read once at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
LOCAL = {"DJANGO_DEBUG": "1"}


def django(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Django started in a fresh process with ``env``: settings are read once, at start-up."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAMD_"))}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "nasuwt_send.settings", **env},
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )


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
