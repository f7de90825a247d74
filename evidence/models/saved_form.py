"""A form saved to finish later ("Save and come back later"): a row of its own, never only a session.

Rules (the use cases are in ``evidence.submissions.save_return``):

- Only the SHA-256 of the link's token is kept; the token itself goes only in the email.
- ``state`` is the journey as the session held it (answers, the files' metadata, what was typed on the
  step saved from); the files stay in the journey's pending area, under ``journey_key``.
- One live link per journey: a new save retires the one before. Sending the evidence marks it used;
  erasure marks it erased. A row that is no longer active keeps no personal data (its email and state
  are cleared), only enough to tell the member which of these happened, until it expires.
- ``owner_session`` is the one session the form belongs to: opening the link moves it there, and any
  other session still holding the journey ends it on its next page.
- Every row is deleted once it expires (``evidence.privacy.abandoned``).
"""

import hashlib

from django.db import models
from django.utils import timezone


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SavedForm(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Replaced by a newer link"
        USED = "used", "Evidence sent"
        ERASED = "erased", "Erased"

    token_hash = models.CharField(max_length=64, unique=True)
    journey_key = models.UUIDField(db_index=True)
    email = models.EmailField(blank=True)
    step = models.CharField(max_length=50, blank=True)
    state = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    owner_session = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "saved form"

    def __str__(self) -> str:
        return f"Saved form {self.pk} ({self.status})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE and not self.expired
