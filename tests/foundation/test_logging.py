"""Nothing a member types reaches a log: not gunicorn's access log, not Django's own request logging.

The whole stack is checked end to end by tests/integration/test_no_personal_data_canary.py; these tests
pin the pieces: the access log format the Procfile and the test harness give gunicorn, and what Django
logs for a 404 and for an exception in a view while a member's contact details are being posted.
"""

import logging
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.log import AdminEmailHandler

from tests.integration.faults import WebApp
from tests.integration.harness import ACCESS_LOG_FORMAT, PROJECT_DIR
from tests.journeys import answer_steps_before_contact

# The atoms that would write the request line with its query string, the query string itself, the
# Referer (the admin's search term travels in both), the client's address and its browser.
PERSONAL_ATOMS = ("%(r)s", "%(q)s", "%(f)s", "%(h)s", "%(a)s", "}i")

CONTACT = {
    "name": "Zebedee Quixotic-Marchbanks",
    "email": "zq.marchbanks@example.org",
    "membership_number": "NASQ98765",
    "consent_to_contact": "on",
}


def procfile_command(process: str) -> list[str]:
    for line in (PROJECT_DIR / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process:
            return shlex.split(command)
    raise AssertionError(f"No {process} process in the Procfile")


def option(command: list[str], name: str) -> str:
    assert name in command, f"{name} is not set in {command}"
    return command[command.index(name) + 1]


def test_the_access_log_keeps_method_path_status_bytes_and_duration_only():
    for atom in PERSONAL_ATOMS:
        assert atom not in ACCESS_LOG_FORMAT, atom
    for atom in ("%(m)s", "%(U)s", "%(s)s", "%(b)s", "%(M)s"):
        assert atom in ACCESS_LOG_FORMAT, atom


def test_the_procfile_web_process_and_the_test_harness_give_gunicorn_that_format(tmp_path):
    web = procfile_command("web")
    harness = WebApp({}, tmp_path / "gunicorn.log").command

    assert option(web, "--access-logformat") == ACCESS_LOG_FORMAT
    assert option(harness, "--access-logformat") == ACCESS_LOG_FORMAT
    assert option(web, "--access-logfile") == "-", "the web process still writes its access log"
    assert Path(option(harness, "--access-logfile")).parent == tmp_path


def test_django_mails_no_report_of_a_failed_request_to_anyone():
    # Django's default logging config mails 500s, POST values included, to ADMINS.
    handlers = [h for name in ("django", "django.request", "") for h in logging.getLogger(name).handlers]

    assert handlers, "the console handler is there"
    assert not [h for h in handlers if isinstance(h, AdminEmailHandler)]


def log_text(records: list[logging.LogRecord]) -> str:
    """The records as the configured console handler writes them, tracebacks included."""
    formatter = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])
    return "\n".join(formatter.format(record) for record in records)


@pytest.mark.django_db
def test_an_exception_while_contact_details_are_posted_logs_the_path_and_no_posted_value(
    client, caplog, monkeypatch
):
    answer_steps_before_contact(client)
    client.post("/evidence/send/attachments/", {"action": "continue"})

    def session_store_fails(self, step, data):
        raise RuntimeError("the session store failed")

    monkeypatch.setattr("evidence.submissions.journey.Journey.save", session_store_fails)
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.post("/evidence/send/contact-details/", CONTACT)

    assert response.status_code == 500
    [error] = [record for record in caplog.records if record.name == "django.request"]
    written = log_text(caplog.records)
    assert "Internal Server Error: /evidence/send/contact-details/" in written
    assert "the session store failed" in written, "the traceback is kept"
    for field in ("name", "email", "membership_number"):
        assert CONTACT[field] not in written, field
    assert error.exc_info is not None


@pytest.mark.django_db
def test_a_page_not_found_logs_its_path_without_the_query_string(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/no-such-page/", {"q": CONTACT["name"], "email": CONTACT["email"]})

    assert response.status_code == 404
    written = log_text(caplog.records)
    assert "Not Found: /no-such-page/" in written
    assert CONTACT["name"] not in written and "marchbanks" not in written.lower()
