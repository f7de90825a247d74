"""manage.py erase_evidence (REFERENCE... | --email ADDRESS): erases through the service, no group
needed, prints references and counts but never the address."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from evidence.models import AuditEvent, OutboundEmail, SavedForm, Submission
from evidence.storage import AttachmentStorage
from evidence.submissions.file_types import TXT
from evidence.submissions.uploads import store_pending
from tests.factories import SubmissionFactory
from tests.files import upload

pytestmark = pytest.mark.django_db


def erase(*args) -> str:
    out = StringIO()
    call_command("erase_evidence", *args, stdout=out)
    return out.getvalue()


def test_it_erases_by_reference_and_names_those_not_found():
    first, second, kept = SubmissionFactory.create_batch(3)

    output = erase(first.reference, second.reference.lower(), "SEND-AAAA-AAAA")

    assert "Not found (never sent, or already erased or purged): SEND-AAAA-AAAA" in output
    assert "Erased 2 submissions" in output
    assert list(Submission.objects.all()) == [kept]
    events = AuditEvent.objects.filter(action="erase")
    assert sorted(events.values_list("target", flat=True)) == sorted([first.reference, second.reference])
    assert set(events.values_list("actor", flat=True)) == {""}, "a command, not a member of staff"


def test_it_erases_every_submission_sent_with_an_address_and_never_prints_it():
    mine = [SubmissionFactory(email="Erin@Example.org"), SubmissionFactory(email="erin@example.org")]
    SubmissionFactory(email="frank@example.org")

    output = erase("--email", "erin@example.org")

    assert "Erased 2 submissions" in output
    assert all(s.reference in output for s in mine)
    assert "erin" not in output.lower()
    assert list(Submission.objects.values_list("email", flat=True)) == ["frank@example.org"]


def test_nothing_found_erases_nothing():
    SubmissionFactory(email="frank@example.org")
    assert "Nothing to erase." in erase("--email", "nobody@example.org")
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("args", [[], ["SEND-AAAA-AAAA", "--email", "erin@example.org"]])
def test_it_wants_references_or_an_address_but_not_both(args):
    with pytest.raises(CommandError, match="either one or more references, or --email"):
        erase(*args)


def test_by_address_it_erases_saved_forms_too_with_their_link_emails_and_files(
    django_capture_on_commit_callbacks,
):

    key = uuid.uuid4()
    saved = SavedForm.objects.create(
        token_hash="a" * 64,
        journey_key=key,
        email="Erin@Example.org",
        state={"answers": {"about-you": {"role": ["senco"]}}},
        expires_at=timezone.now() + timedelta(days=7),
    )
    OutboundEmail.objects.create(
        kind="save", idempotency_key=f"save:{saved.pk}", to="x", subject="s", text_body="t"
    )
    stored = store_pending(key, upload("notes.txt", b"what we were told"), TXT)
    frank = SavedForm.objects.create(
        token_hash="b" * 64, journey_key=uuid.uuid4(), email="frank@example.org", expires_at=saved.expires_at
    )

    with django_capture_on_commit_callbacks(execute=True):
        output = erase("--email", "erin@example.org")

    assert "Erased 1 saved form, with their files." in output and "Nothing to erase" not in output
    saved.refresh_from_db()
    assert (saved.status, saved.email, saved.state) == ("erased", "", {})
    assert not OutboundEmail.objects.exists()
    assert not AttachmentStorage().exists(f"pending/{key}/{stored.id}")
    frank.refresh_from_db()
    assert frank.status == "active" and frank.email == "frank@example.org"
