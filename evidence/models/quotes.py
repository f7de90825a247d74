"""Anonymous quotes the union may use (issue 14): a passage of a member's own words, edited by staff to
remove anything that identifies a person, a school or a small authority, then approved.

The member's words are never changed: ``passage`` keeps what was selected, ``text`` what is published.
A quote is public only while ``published()`` says so: approved (twice when ``QUOTES_SECOND_APPROVAL``
is on), and its submission still consents to quotes, is not restricted and is not spam. Removing a
quote on withdrawal, restriction, erasure or the retention purge deletes its row and sends
``quotes_removed`` (``evidence.models.signals``), so stored packs that hold it are deleted too.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from evidence.choices import Status
from evidence.models.submission import Submission


class QuoteQuerySet(models.QuerySet["Quote"]):
    def approved(self) -> "QuoteQuerySet":
        approved = self.filter(approved_at__isnull=False)
        if settings.QUOTES_SECOND_APPROVAL:
            approved = approved.filter(second_approved_at__isnull=False)
        return approved

    def published(self) -> "QuoteQuerySet":
        """Quotes that may appear on the public page, in open data and in packs."""
        return self.approved().filter(
            Q(submission__consent_to_quote=True)
            & Q(submission__restricted=False)
            & ~Q(submission__status=Status.SPAM)
        )


EXPERIENCE = "experience"


class Quote(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="quotes")
    source = models.CharField(
        max_length=40,
        default=EXPERIENCE,
        help_text="Where the passage was taken from: 'experience' or the slug of the theme whose details.",
    )
    passage = models.TextField(help_text="The member's words as selected; never shown in public.")
    text = models.TextField(help_text="The words as edited for publication.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["approved_at"], name="quote_approved_at")]

    def __str__(self) -> str:
        return f"Quote {self.pk} from {self.submission_id}"
