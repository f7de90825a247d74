"""Outbound email as data: the transactional outbox.

A row is written in the same transaction as what it reports; Celery sends it afterwards. The unique
idempotency key stops a second row for the same event; the conditional claim stops a second send.
"""

from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "ack", "Acknowledgement"
        DIGEST = "digest", "Weekly digest"
        SAVE_RETURN = "save", "Save and come back later"
        ALERT = "alert", "Alert to the Education Team"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    idempotency_key = models.CharField(max_length=100, unique=True)
    to = models.TextField(help_text="Comma-separated recipients.")
    subject = models.CharField(max_length=300)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The retry budget (EMAIL_RETRY_FOR_SECONDS) runs from here: set by the first claim, cleared by
    # "Send again".
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the row is next due to be sent: created_at at first, then the end of a retry's back-off.
    # The relay leaves a pending row alone until this is OUTBOX_RELAY_AFTER_SECONDS past, unless it
    # knows the row has no task (below, or the broker lost what it held).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The last try to queue it failed (the broker was away): no task exists, so the relay queues it
    # as soon as the broker answers again.
    not_queued = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_status_created"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_due"),
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(not_queued=True, status="pending"),
                name="outbox_not_queued",
            ),
        ]
        verbose_name = "outbound email"

    def __str__(self) -> str:
        return self.idempotency_key

    @property
    def message_id(self) -> str:
        """Derived from the key, so a resend after a crash is recognisably the same message."""
        from django.conf import settings

        domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
        return f"<{self.idempotency_key.replace(':', '.')}@{domain}>"

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in self.to.split(",") if address.strip()]
