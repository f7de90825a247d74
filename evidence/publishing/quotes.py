"""Quotes the union may use: staff select a passage of a member's words, edit it, and approve it.

Rules (the model's own are in ``evidence.models.quotes``):

- **Consent first**: a quote is selected, edited or approved only while its submission consents to
  being quoted anonymously, is not restricted and is not spam; otherwise ``QuoteRefused`` says why.
- **The member's words**: the passage must be a real part of what the member wrote (their experience
  or one theme's details), compared with runs of white space made one, so a pasted passage whose line
  breaks moved still counts. The original is never changed: the quote keeps its own copy.
- **Approval**: one member of the Education Team approves; with ``QUOTES_SECOND_APPROVAL`` on, a second,
  different one must approve too. Editing the words after an approval withdraws the approvals.
- **On record**: each selection, edit, approval and removal is one ``AuditEvent`` QUOTE (who, when, the
  reference and the quote's id, never the words). Approving or removing a quote retires the cached
  public figures once the transaction commits (``public_figures.retire_after_commit``).
"""

import re

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from evidence.choices import Status
from evidence.models import ANSWER_MODELS, AuditEvent, Quote, Submission, answer_accessor, quotes_removed
from evidence.models import record_event as _record_event
from evidence.models.quotes import EXPERIENCE
from evidence.publishing.public_figures import retire_after_commit

NO_CONSENT = "The member did not agree to be quoted, so nothing they sent can be quoted."
RESTRICTED = "This submission is restricted: nothing it holds can be quoted until that is lifted."
SPAM = "This submission is marked as spam: it cannot be quoted."
NOT_THEIR_WORDS = "The passage must be words the member wrote, copied exactly from what they sent."
EMPTY = "Enter the words to quote."
SAME_PERSON = "A second, different member of the Education Team must approve this quote."
ALREADY_APPROVED = "This quote is already approved."


class QuoteRefused(ValueError):
    """The action is not allowed; ``str(error)`` is the message to show next to the form."""


def member_words(submission: Submission) -> dict[str, str]:
    """What the member wrote, by source: ``experience`` and each chosen theme's details (when any)."""
    words = {EXPERIENCE: submission.experience} if submission.experience.strip() else {}
    for slug in sorted(submission.theme_slugs):
        answer = getattr(submission, answer_accessor(slug), None) if slug in ANSWER_MODELS else None
        if answer is not None and answer.details.strip():
            words[slug] = answer.details
    return words


def _squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_quotable(submission: Submission) -> None:
    if not submission.consent_to_quote:
        raise QuoteRefused(NO_CONSENT)
    if submission.restricted:
        raise QuoteRefused(RESTRICTED)
    if submission.status == Status.SPAM:
        raise QuoteRefused(SPAM)


def _record(quote: Quote, by: User, what: str) -> None:
    _record_event(
        AuditEvent.Action.QUOTE,
        actor=by.get_username(),
        target=f"{quote.submission.reference} quote {quote.pk}",
        detail=what,
    )


@transaction.atomic
def select_quote(*, submission: Submission, source: str, passage: str, by: User) -> Quote:
    """A draft quote of ``passage`` from the member's ``source`` words, its text the passage as is."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    check_quotable(submission)
    passage = _squashed(passage)
    if not passage:
        raise QuoteRefused(EMPTY)
    words = member_words(submission).get(source, "")
    if passage not in _squashed(words):
        raise QuoteRefused(NOT_THEIR_WORDS)
    quote = Quote.objects.create(
        submission=submission, source=source, passage=passage, text=passage, created_by=by
    )
    _record(quote, by, "selected")
    return quote


def _locked(quote: Quote) -> Quote:
    locked = Quote.objects.select_for_update().select_related("submission").get(pk=quote.pk)
    check_quotable(locked.submission)
    return locked


@transaction.atomic
def edit_quote(*, quote: Quote, text: str, by: User) -> Quote:
    """New words for the quote; any approval it had is withdrawn, since it approved other words."""
    quote = _locked(quote)
    text = text.strip()
    if not text:
        raise QuoteRefused(EMPTY)
    if text == quote.text:
        return quote
    was_public = Quote.objects.published().filter(pk=quote.pk).exists()
    quote.text = text
    quote.approved_by = quote.second_approved_by = None
    quote.approved_at = quote.second_approved_at = None
    quote.save()
    _record(quote, by, "edited")
    if was_public:
        retire_after_commit()
    return quote


@transaction.atomic
def approve_quote(*, quote: Quote, by: User) -> Quote:
    """The first approval, or with ``QUOTES_SECOND_APPROVAL`` the second, by someone else."""
    quote = _locked(quote)
    now = timezone.now()
    if quote.approved_at is None:
        quote.approved_by, quote.approved_at = by, now
        what = "approved"
    elif settings.QUOTES_SECOND_APPROVAL and quote.second_approved_at is None:
        if quote.approved_by_id == by.pk:
            raise QuoteRefused(SAME_PERSON)
        quote.second_approved_by, quote.second_approved_at = by, now
        what = "approved a second time"
    else:
        raise QuoteRefused(ALREADY_APPROVED)
    quote.save()
    _record(quote, by, what)
    retire_after_commit()
    return quote


@transaction.atomic
def remove_quote(*, quote: Quote, by: User) -> None:
    """Staff take a quote back: deleted, and ``quotes_removed`` sent as for a withdrawal."""
    quote = Quote.objects.select_for_update().select_related("submission").get(pk=quote.pk)
    _record(quote, by, "removed")
    quote_id = quote.pk
    quote.delete()
    quotes_removed.send(sender=Quote, quote_ids=[quote_id])


def needs_approval(quote: Quote) -> bool:
    if quote.approved_at is None:
        return True
    return settings.QUOTES_SECOND_APPROVAL and quote.second_approved_at is None
