"""manage.py send_digest: the last complete week by default, --week, --dry-run, once per week."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from evidence import digest as digests
from evidence.models import OutboundEmail
from evidence.weeks import IsoWeek

pytestmark = pytest.mark.django_db


def send_digest(*args) -> str:
    out = StringIO()
    call_command("send_digest", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_digest_and_writes_nothing():
    output = send_digest("--week", "2026-W48", "--dry-run")
    assert "Subject: SEND evidence weekly digest 2026-W48: no submissions" in output
    assert "Monday 23 November 2026 to Sunday 29 November 2026" in output
    assert "Dry run: nothing written or sent for 2026-W48." in output
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_it_writes_and_queues_the_weeks_digest(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = send_digest("--week", "2026-W53")
    email = OutboundEmail.objects.get()
    assert f"Digest for 2026-W53 written (outbound email {email.id}) and queued." in output
    assert email.idempotency_key == "digest:2026-W53"
    assert len(mail.outbox) == 1


def test_a_repeated_run_says_it_was_already_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_digest("--week", "2026-W48")
    output = send_digest("--week", "2026-W48")
    assert "The digest for 2026-W48 was already sent at" in output
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_repeated_run_before_sending_says_it_is_queued():
    send_digest("--week", "2026-W48")  # inside the test's transaction: not sent yet
    output = send_digest("--week", "2026-W48")
    assert "was already written" in output
    assert "pending" in output


def test_it_defaults_to_the_last_complete_week(monkeypatch):
    monkeypatch.setattr(digests.IsoWeek, "last_complete", classmethod(lambda cls, now=None: IsoWeek(2027, 1)))
    assert "2027-W01" in send_digest("--dry-run")


def test_it_refuses_a_week_that_does_not_exist():
    with pytest.raises(CommandError, match="no week 53"):
        send_digest("--week", "2025-W53")


def test_it_says_so_when_there_is_nobody_to_send_to(settings):
    settings.EDUCATION_TEAM_EMAILS = []
    with pytest.raises(CommandError, match="EDUCATION_TEAM_EMAILS"):
        send_digest("--week", "2026-W48")
