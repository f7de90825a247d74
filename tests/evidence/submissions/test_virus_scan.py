"""The clamd client (evidence.submissions.virus_scan) against a fake clamd speaking INSTREAM over a
unix socket and over TCP: clean files pass, EICAR is found, a scanner down or too slow fails closed.
"""

import io
import time

import pytest

from evidence.submissions.virus_scan import ScannerUnavailable, find_virus, scanning_enabled
from tests.clamd import FakeClamd
from tests.files import EICAR, tiny_file


@pytest.fixture
def clamd():
    fake = FakeClamd()
    yield fake
    fake.close()


@pytest.fixture(params=["unix", "tcp"])
def scanner(request, clamd, settings):
    settings.CLAMD_SOCKET = clamd.unix_path if request.param == "unix" else clamd.tcp_address
    settings.CLAMD_TIMEOUT_SECONDS = 1
    return clamd


def test_scanning_is_off_unless_a_socket_is_set(settings):
    settings.CLAMD_SOCKET = ""
    assert not scanning_enabled()
    settings.CLAMD_SOCKET = "/run/clamav/clamd.ctl"
    assert scanning_enabled()


def test_a_clean_file_passes_and_arrives_whole(scanner):
    content = tiny_file("pdf") * 5000  # several INSTREAM chunks

    assert find_virus(io.BytesIO(content)) is None
    assert scanner.scanned == [content]


def test_the_eicar_test_file_is_found_by_name(scanner):
    assert find_virus(io.BytesIO(b"Notes\n" + EICAR + b"\n")) == "Eicar-Test-Signature"


def test_the_file_can_be_read_again_after_the_scan(scanner):
    upload = io.BytesIO(tiny_file("txt"))
    find_virus(upload)
    assert upload.read() == tiny_file("txt")


def test_a_scanner_that_never_answers_fails_closed_within_the_timeout(scanner):
    scanner.hang = True
    started = time.monotonic()

    with pytest.raises(ScannerUnavailable):
        find_virus(io.BytesIO(tiny_file("txt")))

    assert time.monotonic() - started < 3


def test_an_error_from_the_scanner_fails_closed(scanner):
    scanner.answer = b"INSTREAM size limit exceeded. ERROR"

    with pytest.raises(ScannerUnavailable, match="size limit"):
        find_virus(io.BytesIO(tiny_file("txt")))


def test_a_missing_unix_socket_fails_closed(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-such.sock")

    with pytest.raises(ScannerUnavailable):
        find_virus(io.BytesIO(tiny_file("txt")))


def test_a_closed_tcp_port_fails_closed(settings, closed_port):
    settings.CLAMD_SOCKET = f"tcp://127.0.0.1:{closed_port}"

    with pytest.raises(ScannerUnavailable):
        find_virus(io.BytesIO(tiny_file("txt")))


def test_a_port_that_accepts_and_stays_silent_fails_closed(settings, silent_port):
    settings.CLAMD_SOCKET = f"tcp://127.0.0.1:{silent_port}"
    settings.CLAMD_TIMEOUT_SECONDS = 1

    with pytest.raises(ScannerUnavailable):
        find_virus(io.BytesIO(tiny_file("txt")))
