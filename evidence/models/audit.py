"""The audit log: who read, searched, exported, corrected or erased evidence, and every staff sign-in.

Rules (the architecture's "Shared pieces"):

- **One log**, append-only. Nobody adds, changes or deletes an event through the admin; on PostgreSQL a
  trigger (migration 0007) refuses every UPDATE. Only its own retention job deletes, after
  ``ACCESS_LOG_RETENTION_DAYS``.
- **Pointers are text**, never foreign keys: the staff member's username and the submission's
  reference are copied in, so a purge, an erasure or an account's deletion never touches the log.
- **What is kept**: references and file ids, never a member's words or address. The one exception is
  a search term, which may be a name: the privacy notice says so.
"""

from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW_SUBMISSION = "view-submission", "Opened a submission"
        DOWNLOAD_FILE = "download-file", "Downloaded a file"
        SEARCH = "search", "Searched"
        EXPORT = "export", "Exported evidence"
        ERASE = "erase", "Erased a submission"
        SUBJECT_ACCESS = "subject-access", "Exported personal data"
        CORRECT = "correct", "Corrected contact details or consents"
        RESTRICT = "restrict", "Restricted a submission"
        UNRESTRICT = "unrestrict", "Lifted a restriction"
        SIGN_IN = "sign-in", "Signed in"
        SIGN_IN_FAILED = "sign-in-failed", "Failed to sign in"
        LOCKED_OUT = "locked-out", "Locked out"
        SIGN_OUT = "sign-out", "Signed out"
        MAKE_PACK = "make-pack", "Made an evidence pack"
        DOWNLOAD_PACK = "download-pack", "Downloaded an evidence pack"
        QUOTE = "quote", "Selected, edited, approved or removed a quote"
        CAMPAIGN = "campaign", "Marked or unmarked a campaign group"
        DOWNLOAD_PERSONAL_DATA = "download-personal", "Downloaded personal data (subject access ZIP)"
        DOWNLOAD_EXPORT = "download-export", "Downloaded an evidence export"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.CharField(
        max_length=150, blank=True, help_text="The staff member's username, as text ('' for a command)."
    )
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    target = models.CharField(
        max_length=1000, blank=True, help_text="References or file ids, as text; never a member's words."
    )
    detail = models.CharField(
        max_length=1000, blank=True, help_text="The search term, filters, or what changed (field names)."
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"], name="audit_actor_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or '(command)'} {self.action} {self.target}"


def record_event(action: str, *, actor: str = "", target: str = "", detail: str = "") -> AuditEvent:
    """Append one event. ``actor`` is a username (``user.get_username()``), ``''`` for a command."""
    return AuditEvent.objects.create(
        action=action, actor=actor[:150], target=target[:1000], detail=detail[:1000]
    )
