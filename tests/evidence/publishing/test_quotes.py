"""Quotes (evidence.publishing.quotes): selected from a consenting member's own words, edited, approved
once or, with QUOTES_SECOND_APPROVAL, twice by two people; every action on record."""

import pytest

from evidence.choices import Status
from evidence.models import AuditEvent, Quote, WorkloadAnswer
from evidence.publishing.quotes import (
    NO_CONSENT,
    NOT_THEIR_WORDS,
    SAME_PERSON,
    QuoteRefused,
    approve_quote,
    edit_quote,
    member_words,
    remove_quote,
    select_quote,
)
from tests.factories import QuoteFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

WORDS = "Our SENCO spends most of the week on EHCP paperwork.\nThe children wait   months for support."


def consenting(**extra):
    return SubmissionFactory(consent_to_quote=True, experience=WORDS, **extra)


def test_a_passage_of_the_members_words_becomes_a_draft_with_the_original_untouched(alice):
    submission = consenting()

    quote = select_quote(
        submission=submission,
        source="experience",
        passage="EHCP paperwork. The children wait months",
        by=alice,
    )

    assert (quote.passage, quote.text, quote.approved_at) == (
        "EHCP paperwork. The children wait months",
        "EHCP paperwork. The children wait months",
        None,
    )
    submission.refresh_from_db()
    assert submission.experience == WORDS
    assert not Quote.objects.approved().exists()


def test_a_passage_can_come_from_a_themes_details(alice):
    submission = consenting()
    WorkloadAnswer.objects.create(submission=submission, details="Forty hours of meetings a term.")

    assert member_words(submission)["workload"] == "Forty hours of meetings a term."
    quote = select_quote(
        submission=submission, source="workload", passage="Forty hours of meetings", by=alice
    )
    assert quote.source == "workload"


def test_it_refuses_words_the_member_did_not_write(alice):
    with pytest.raises(QuoteRefused, match=NOT_THEIR_WORDS):
        select_quote(submission=consenting(), source="experience", passage="Our SENCO is wonderful", by=alice)
    assert not Quote.objects.exists()


def test_it_refuses_a_member_who_did_not_agree_to_be_quoted(alice):
    submission = SubmissionFactory(consent_to_quote=False, experience=WORDS)
    with pytest.raises(QuoteRefused, match=NO_CONSENT):
        select_quote(submission=submission, source="experience", passage="EHCP paperwork", by=alice)
    assert not Quote.objects.exists()


def test_it_refuses_to_approve_once_consent_is_gone_or_the_submission_is_spam(alice):
    quote = QuoteFactory()
    type(quote.submission).objects.filter(pk=quote.submission_id).update(status=Status.SPAM)
    with pytest.raises(QuoteRefused, match="spam"):
        approve_quote(quote=quote, by=alice)


def test_one_approval_publishes_it_by_default(alice):
    quote = approve_quote(quote=QuoteFactory(), by=alice)
    assert (quote.approved_by, Quote.objects.published().get()) == (alice, quote)


def test_with_second_approval_on_a_different_person_must_approve(alice, frank, settings):
    settings.QUOTES_SECOND_APPROVAL = True
    quote = approve_quote(quote=QuoteFactory(), by=alice)
    assert not Quote.objects.published().exists()

    with pytest.raises(QuoteRefused, match=SAME_PERSON):
        approve_quote(quote=quote, by=alice)
    approve_quote(quote=quote, by=frank)

    assert Quote.objects.published().get().second_approved_by == frank


def test_editing_the_words_withdraws_the_approval(alice):
    quote = approve_quote(quote=QuoteFactory(), by=alice)
    quote = edit_quote(quote=quote, text="Our [SENCO] spends most of the week on paperwork.", by=alice)
    assert (quote.text, quote.approved_at) == ("Our [SENCO] spends most of the week on paperwork.", None)


def test_every_action_is_on_record_with_the_reference_and_never_the_words(alice):
    submission = consenting()
    quote = select_quote(submission=submission, source="experience", passage="EHCP paperwork", by=alice)
    edit_quote(quote=quote, text="[the] paperwork", by=alice)
    approve_quote(quote=quote, by=alice)
    remove_quote(quote=quote, by=alice)

    events = AuditEvent.objects.filter(action=AuditEvent.Action.QUOTE).order_by("id")
    assert [(e.actor, e.target, e.detail) for e in events] == [
        ("alice", f"{submission.reference} quote {quote.pk}", what)
        for what in ("selected", "edited", "approved", "removed")
    ]
    assert not Quote.objects.exists()
