"""The acknowledgement (evidence.mail.messages): what both its parts say, what they must never say,
and its outbox row.
"""

import pytest
from django.db import transaction

from evidence.mail.messages import make_message, write_acknowledgement
from evidence.models import OutboundEmail
from tests.emails import assert_email_contains, assert_email_lacks
from tests.factories import SubmissionFactory, theme

pytestmark = pytest.mark.django_db

EVIDENCE = "Our SENCO spends most of the week on EHCP paperwork at Little Snoring Primary."


def submission(**kwargs):
    defaults = {
        "name": "Erin Evans",
        "email": "erin@example.org",
        "membership_number": "N1234567",
        "experience": EVIDENCE,
        "themes": ["workload", "sv-dbv"],
    }
    return SubmissionFactory(**{**defaults, **kwargs})


def test_it_writes_one_row_keyed_by_the_reference():
    member = submission()
    email = write_acknowledgement(member)
    assert email.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT
    assert email.idempotency_key == f"ack:{member.reference}"
    assert email.to == "erin@example.org"
    assert email.status == OutboundEmail.Status.PENDING
    assert member.reference in email.subject


def test_both_parts_carry_the_reference_themes_contact_and_site(settings):
    settings.SITE_URL = "https://evidence.example.org"
    settings.EDUCATION_TEAM_CONTACT = "education@mail.nasuwat.org.uk"
    member = submission()
    email = write_acknowledgement(member)
    assert_email_contains(
        email,
        member.reference,
        theme("workload").name,
        theme("sv-dbv").name,
        "What happens next",
        "education@mail.nasuwat.org.uk",
        "https://evidence.example.org/",
    )


def test_it_names_the_themes_chosen_and_no_others():
    email = write_acknowledgement(submission(themes=["banding"]))
    assert_email_contains(email, theme("banding").name)
    assert_email_lacks(email, theme("workload").name)


def test_it_holds_no_personal_data_or_evidence():
    email = write_acknowledgement(submission())
    assert_email_lacks(email, "Erin", "erin@example.org", "N1234567", "Little Snoring", "EHCP paperwork")


def test_it_writes_nothing_without_an_email_address():
    assert write_acknowledgement(submission(email="")) is None
    assert not OutboundEmail.objects.exists()


def test_writing_twice_keeps_one_row():
    member = submission()
    first = write_acknowledgement(member)
    second = write_acknowledgement(member)
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1


def test_it_can_be_written_inside_the_submission_transaction():
    with transaction.atomic():
        member = submission()
        email = write_acknowledgement(member)
    assert OutboundEmail.objects.get(pk=email.pk).idempotency_key == f"ack:{member.reference}"


def test_the_html_part_is_a_whole_accessible_document():
    email = write_acknowledgement(submission())
    assert email.html_body.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in email.html_body
    assert "<title>" in email.html_body


def test_make_message_gives_a_one_line_subject():
    message = make_message("acknowledgement", {"reference": "SEND-AAAA-BBBB", "themes": ["Workload"]})
    assert message.subject == "We have received your evidence: SEND-AAAA-BBBB"
    assert "\n" not in message.subject
    assert_email_contains(message, "SEND-AAAA-BBBB")


def test_the_text_part_is_not_html_escaped():
    message = make_message(
        "acknowledgement", {"reference": "SEND-AAAA-BBBB", "themes": ["Safety Valve & DBV"]}
    )
    assert_email_contains(message, "Safety Valve & DBV")
    assert "Safety Valve & DBV" in message.text
    assert "Safety Valve &amp; DBV" in message.html, "escaped in the HTML, once"


def test_a_new_key_is_written_in_one_statement_with_the_models_defaults(django_assert_num_queries):
    from django.utils import timezone

    from evidence.mail.messages import Message, write_email

    before = timezone.now()
    with django_assert_num_queries(1):
        email, created = write_email(
            kind=OutboundEmail.Kind.ALERT,
            key="alert:test",
            to=["a@example.org", "b@example.org"],
            message=Message("Subject", "Text\n", "<p>HTML</p>"),
        )

    stored = OutboundEmail.objects.get()
    assert created and email.pk == stored.pk
    assert (stored.to, stored.subject, stored.text_body, stored.html_body) == (
        "a@example.org,b@example.org",
        "Subject",
        "Text\n",
        "<p>HTML</p>",
    )
    assert (stored.status, stored.attempts, stored.not_queued) == (OutboundEmail.Status.PENDING, 0, False)
    assert before <= stored.created_at <= timezone.now() and before <= stored.next_attempt_at
    email.status = OutboundEmail.Status.SENT
    email.save(update_fields=["status"])  # a saved instance, as get_or_create's was
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_a_key_already_written_is_read_as_it_stands_and_nothing_is_changed():
    from evidence.mail.messages import Message, write_email

    first, _ = write_email(
        kind=OutboundEmail.Kind.ALERT,
        key="alert:test",
        to=["a@example.org"],
        message=Message("First", "1\n", ""),
    )
    again, created = write_email(
        kind=OutboundEmail.Kind.ALERT,
        key="alert:test",
        to=["z@example.org"],
        message=Message("Second", "2\n", ""),
    )

    assert not created
    assert (again.pk, again.subject, again.to) == (first.pk, "First", "a@example.org")
    assert OutboundEmail.objects.count() == 1
