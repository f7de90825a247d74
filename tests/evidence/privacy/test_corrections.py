"""Corrections (evidence.privacy.corrections): Alice corrects Erin's contact details and consents on her
request; each changed field goes in the submission's history with who and when, the audit log names the
fields and never their values, and a bad address saves nothing.
"""

import pytest
from django.core.exceptions import ValidationError

from evidence.models import AuditEvent, Submission, SubmissionChange
from evidence.privacy.corrections import ContactCorrection, correct_contact_details
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def erins():
    return SubmissionFactory(
        name="Erin Evens",
        email="erin@exmaple.org",
        membership_number="N123",
        consent_to_contact=True,
        consent_to_quote=True,
    )


def as_given(submission: Submission, **changes) -> ContactCorrection:
    fields = {
        "name": submission.name,
        "email": submission.email,
        "membership_number": submission.membership_number,
        "consent_to_contact": submission.consent_to_contact,
        "consent_to_quote": submission.consent_to_quote,
    }
    return ContactCorrection(**{**fields, **changes})


def history(submission: Submission) -> list[tuple[str, str, str, str]]:
    return [
        (c.changed_by.username, c.field, c.old_value, c.new_value)
        for c in SubmissionChange.objects.filter(submission=submission)
    ]


def test_it_corrects_the_fields_asked_and_records_each_in_the_history(alice, erins):
    correction = as_given(erins, name="Erin Evans", email=" erin@example.org ")

    changed = correct_contact_details(submission=erins, correction=correction, by=alice)

    erins.refresh_from_db()
    assert changed == ["name", "email"]
    assert (erins.name, erins.email, erins.membership_number) == ("Erin Evans", "erin@example.org", "N123")
    assert history(erins) == [
        ("alice", "name", "(earlier value not kept)", "Erin Evans"),
        ("alice", "email", "(earlier value not kept)", "erin@example.org"),
    ]
    assert all(c.changed_at for c in SubmissionChange.objects.all())


def test_withdrawing_consent_to_be_quoted_is_recorded_from_yes_to_no(alice, erins):
    changed = correct_contact_details(
        submission=erins, correction=as_given(erins, consent_to_quote=False), by=alice
    )

    erins.refresh_from_db()
    assert changed == ["consent_to_quote"]
    assert erins.consent_to_quote is False
    assert history(erins) == [("alice", "consent_to_quote", "Yes", "No")]


def test_a_value_added_where_there_was_none_has_no_earlier_value_to_hide(alice):
    submission = SubmissionFactory(membership_number="")

    correct_contact_details(
        submission=submission, correction=as_given(submission, membership_number="N9"), by=alice
    )

    assert history(submission) == [("alice", "membership_number", "", "N9")]


def test_the_audit_log_names_the_fields_never_their_values(alice, erins):
    correct_contact_details(
        submission=erins,
        correction=as_given(erins, email="erin@example.org", consent_to_contact=False),
        by=alice,
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.CORRECT)
    assert (event.actor, event.target, event.detail) == (
        "alice",
        erins.reference,
        "email, consent_to_contact",
    )


def test_nothing_changed_records_nothing(alice, erins):
    assert correct_contact_details(submission=erins, correction=as_given(erins), by=alice) == []

    assert history(erins) == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CORRECT).exists()


def test_an_invalid_address_saves_nothing_at_all(alice, erins):
    correction = as_given(erins, name="Erin Evans", email="erin at example dot org")

    with pytest.raises(ValidationError) as refused:
        correct_contact_details(submission=erins, correction=correction, by=alice)

    assert set(refused.value.message_dict) == {"email"}
    erins.refresh_from_db()
    assert (erins.name, erins.email) == ("Erin Evens", "erin@exmaple.org")
    assert history(erins) == []
    assert not AuditEvent.objects.exists()
