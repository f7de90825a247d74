"""Personal data requests (subject access, issue 16): a member's ZIP, made in the worker and kept a week.

Rules:

- A request is written when staff ask for a member's personal data in the admin, with the ids of the
  submissions chosen (``PersonalDataSubmission``); the worker makes the ZIP and fills in the rest.
- Its ZIP lives in the private evidence storage under ``subject-access/``, never at a URL; people who
  may give subject access download it through the admin.
- The ZIP is the member's personal data: the row and its file are deleted
  ``SUBJECT_ACCESS_RETENTION_DAYS`` after it was asked for, and the file goes at once (the row is marked
  ``deleted``, with why) when any submission it holds is erased or purged. The submission ids are kept
  as plain integers, not foreign keys, so a request is still found while its submissions are being
  deleted, whichever way they go.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from evidence.storage import AttachmentStorage


class PersonalDataRequestQuerySet(models.QuerySet["PersonalDataRequest"]):
    def expired(self) -> "PersonalDataRequestQuerySet":
        cutoff = timezone.now() - timedelta(days=settings.SUBJECT_ACCESS_RETENTION_DAYS)
        return self.filter(requested_at__lt=cutoff)

    def holding_submissions(self, submission_ids: list[int]) -> "PersonalDataRequestQuerySet":
        held = PersonalDataSubmission.objects.filter(submission_id__in=submission_ids)
        return self.filter(pk__in=held.values("request_id"))


class PersonalDataRequest(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be made"
        DELETED = "deleted", "Deleted"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    note = models.CharField(
        max_length=300, blank=True, help_text="Why it could not be made, or why it was deleted."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(
        upload_to="subject-access/", max_length=200, storage=AttachmentStorage(), blank=True
    )
    size = models.PositiveBigIntegerField(default=0)
    submission_count = models.PositiveIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)

    objects = PersonalDataRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "personal data request"

    def __str__(self) -> str:
        return f"Personal data request {self.pk}"

    @property
    def kept_until(self) -> datetime:
        return self.requested_at + timedelta(days=settings.SUBJECT_ACCESS_RETENTION_DAYS)


class PersonalDataSubmission(models.Model):
    """One submission a request's ZIP holds (or will hold), by id."""

    request = models.ForeignKey(PersonalDataRequest, on_delete=models.CASCADE, related_name="held")
    submission_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "submission_id"], name="personal_data_submission_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Submission {self.submission_id} in personal data request {self.request_id}"
