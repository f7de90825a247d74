"""What the Education Team records while working through evidence."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from evidence.models.submission import Submission
from evidence.storage import AttachmentStorage


class TriageNote(models.Model):
    """An internal note: append-only, so the record of what was decided stays whole."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note on {self.submission_id} at {self.created_at:%Y-%m-%d %H:%M}"


class SubmissionChange(models.Model):
    """One change of status, assignee, priority, staff themes or restriction, or a correction of the
    member's contact details and consents on their request: who, when, from what, to what."""

    class Field(models.TextChoices):
        STATUS = "status", "Status"
        ASSIGNEE = "assignee", "Assignee"
        PRIORITY = "priority", "Priority"
        STAFF_THEMES = "staff_themes", "Themes added by staff"
        RESTRICTED = "restricted", "Restriction of processing"
        # Theme suggestions (evidence.triage.suggestions): "accepted suggestion: <theme>" or "rejected ...".
        SUGGESTION = "suggestion", "Theme suggestion"
        # Corrections on the member's request (evidence.privacy.corrections).
        NAME = "name", "Name"
        EMAIL = "email", "Email address"
        MEMBERSHIP_NUMBER = "membership_number", "Membership number"
        CONSENT_TO_CONTACT = "consent_to_contact", "May contact them"
        CONSENT_TO_QUOTE = "consent_to_quote", "May quote them anonymously"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=20, choices=Field.choices)
    old_value = models.CharField(max_length=300, blank=True)
    new_value = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.old_value} -> {self.new_value}"


class EvidenceExportQuerySet(models.QuerySet["EvidenceExport"]):
    def files_expired(self) -> "EvidenceExportQuerySet":
        """Exports whose file is past ``EVIDENCE_EXPORT_RETENTION_DAYS`` and still stored."""
        cutoff = timezone.now() - timedelta(days=settings.EVIDENCE_EXPORT_RETENTION_DAYS)
        return self.filter(exported_at__lt=cutoff).exclude(file="")


class EvidenceExport(models.Model):
    """Every export of evidence is recorded, because exports carry personal data.

    A short list is streamed in the request (``STREAMED``). A long one is built by the worker into a
    file in the private evidence storage (``exports/``), downloaded through the admin, and deleted after
    ``EVIDENCE_EXPORT_RETENTION_DAYS``; the row stays as the record (``evidence.triage.export_files``).
    """

    class Status(models.TextChoices):
        STREAMED = "streamed", "Downloaded at once"
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Being written"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be written"
        DELETED = "deleted", "File deleted"

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    exported_at = models.DateTimeField(auto_now_add=True)
    row_count = models.PositiveIntegerField(default=0)
    filters = models.CharField(
        max_length=1000, blank=True, help_text="The admin filters in force, as a query string."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STREAMED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent written.")
    file = models.FileField(upload_to="exports/", max_length=200, storage=AttachmentStorage(), blank=True)
    size = models.PositiveBigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True, help_text="Why it could not be written.")

    objects = EvidenceExportQuerySet.as_manager()

    class Meta:
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return f"Export of {self.row_count} rows at {self.exported_at:%Y-%m-%d %H:%M}"

    @property
    def file_name(self) -> str:
        return f"send-evidence-export-{self.pk}.csv"
