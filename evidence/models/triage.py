"""What the Education Team records while working through evidence."""

from django.conf import settings
from django.db import models

from evidence.models.submission import Submission


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


class EvidenceExport(models.Model):
    """Every export of evidence is recorded, because exports carry personal data."""

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    exported_at = models.DateTimeField(auto_now_add=True)
    row_count = models.PositiveIntegerField(default=0)
    filters = models.CharField(
        max_length=1000, blank=True, help_text="The admin filters in force, as a query string."
    )

    class Meta:
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return f"Export of {self.row_count} rows at {self.exported_at:%Y-%m-%d %H:%M}"
