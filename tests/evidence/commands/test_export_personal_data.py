"""manage.py export_personal_data: Erin's ZIP by address (any case) or by reference, written for the
service's account only, never over an existing file, and recorded by reference.
"""

import json
import stat
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from evidence.models import AuditEvent, SavedForm
from tests.factories import SubmissionFactory, attach_file

pytestmark = pytest.mark.django_db


def export_personal_data(*args: str) -> str:
    out = StringIO()
    call_command("export_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def erins():
    first = SubmissionFactory(email="erin@example.org", name="Erin Evans")
    attach_file(first, "plan.pdf", b"%PDF-1.4\n%%EOF\n")
    return [first, SubmissionFactory(email="ERIN@EXAMPLE.ORG")]


def test_by_address_it_writes_every_submission_sent_with_it(tmp_path, erins):
    SubmissionFactory(email="frank@example.org")
    out = tmp_path / "erin.zip"

    printed = export_personal_data("--email", "Erin@Example.org", "--out", str(out))

    held = json.loads(zipfile.ZipFile(out).read("data.json"))
    assert sorted(s["reference"] for s in held["submissions"]) == sorted(s.reference for s in erins)
    assert "2 submission(s)" in printed and "1 file(s)" in printed
    assert "erin@example.org" not in printed.lower()


def test_by_reference_it_writes_those_submissions_only(tmp_path, erins):
    out = tmp_path / "one.zip"

    export_personal_data("--reference", erins[1].reference, "--out", str(out))

    held = json.loads(zipfile.ZipFile(out).read("data.json"))
    assert [s["reference"] for s in held["submissions"]] == [erins[1].reference]


def test_the_zip_is_readable_by_the_service_account_only(tmp_path, erins):
    out = tmp_path / "erin.zip"

    export_personal_data("--email", "erin@example.org", "--out", str(out))

    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_it_is_recorded_by_reference_as_a_command(tmp_path, erins):
    export_personal_data("--email", "erin@example.org", "--out", str(tmp_path / "erin.zip"))

    event = AuditEvent.objects.get(action=AuditEvent.Action.SUBJECT_ACCESS)
    assert event.actor == ""
    assert event.target == ", ".join(s.reference for s in sorted(erins, key=lambda s: s.received_at))
    assert event.detail.startswith("command:")


def test_it_never_writes_over_an_existing_file(tmp_path, erins):
    out = tmp_path / "erin.zip"
    out.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="already exists"):
        export_personal_data("--email", "erin@example.org", "--out", str(out))

    assert out.read_bytes() == b"keep me"


def test_an_address_nobody_used_writes_nothing(tmp_path):
    out = tmp_path / "nobody.zip"

    with pytest.raises(CommandError, match="No submission was sent with that email address"):
        export_personal_data("--email", "nobody@example.org", "--out", str(out))

    assert not out.exists()
    assert not AuditEvent.objects.exists()


def test_an_unknown_reference_is_named(tmp_path, erins):
    with pytest.raises(CommandError, match="SEND-ZZZZ-9999"):
        export_personal_data(
            "--reference", erins[0].reference, "SEND-ZZZZ-9999", "--out", str(tmp_path / "x.zip")
        )


def test_it_asks_for_an_address_or_references_not_both(tmp_path, erins):
    with pytest.raises(CommandError):
        export_personal_data(
            "--email", "erin@example.org", "--reference", erins[0].reference, "--out", "x.zip"
        )
    with pytest.raises(CommandError):
        export_personal_data("--out", str(tmp_path / "x.zip"))


def test_by_address_it_includes_the_forms_saved_with_it(tmp_path, erins):

    SavedForm.objects.create(
        token_hash="c" * 64,
        journey_key="0b6c7b8e-1111-4a8e-9d2f-111111111111",
        email="ERIN@example.org",
        step="workload",
        state={
            "answers": {"about-you": {"role": ["senco"]}},
            "uploads": [
                {"id": "x", "original_name": "plan.pdf", "content_type": "application/pdf", "size": 9}
            ],
            "draft": {"step": "workload", "data": {"details": ["Half typed"]}},
        },
        expires_at=timezone.now() + timedelta(days=7),
    )
    out = tmp_path / "erin.zip"

    export_personal_data("--email", "erin@example.org", "--out", str(out))

    archive = zipfile.ZipFile(out)
    (saved,) = json.loads(archive.read("data.json"))["saved_forms"]
    assert saved["answers"] == {"about-you": {"role": ["senco"]}} and saved["reopens_at_step"] == "workload"
    assert saved["files"][0]["name"] == "plan.pdf"
    assert saved["typed_but_not_yet_checked"] == {"details": ["Half typed"]}
    summary = archive.read("summary.html").decode()
    assert "Half typed" in summary and "plan.pdf" in summary
