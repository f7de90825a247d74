"""Evidence packs (issue 14): a document for a policy meeting, made in the worker and kept a while.

Rules:

- A pack is asked for by what it covers (``kind`` and ``key``: a theme's slug, an authority's GSS code,
  ``sv`` or ``dbv``, or the admin list's query string) and a format; the worker fills in the rest.
- Its file lives in the private evidence storage under ``packs/``, never at a URL; staff download it
  through the admin. It is deleted with the row after ``EVIDENCE_PACK_RETENTION_DAYS``.
- ``PackQuote`` remembers which quotes a stored pack holds, by id and not by key, so that when a quote
  is removed (``quotes_removed``, sent after its row has gone) every pack holding it is still found and
  deleted, file included.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from evidence.storage import AttachmentStorage


class EvidencePackQuerySet(models.QuerySet["EvidencePack"]):
    def expired(self) -> "EvidencePackQuerySet":
        cutoff = timezone.now() - timedelta(days=settings.EVIDENCE_PACK_RETENTION_DAYS)
        return self.filter(requested_at__lt=cutoff)

    def holding_quotes(self, quote_ids: list[int]) -> "EvidencePackQuerySet":
        return self.filter(pk__in=PackQuote.objects.filter(quote_id__in=quote_ids).values("pack_id"))


class EvidencePack(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", "Theme"
        AUTHORITY = "authority", "Local authority"
        PROGRAMME = "programme", "Programme"
        LIST = "list", "The admin list's filters"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX, editable)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be made"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(
        max_length=1000, help_text="Theme slug, GSS code, sv or dbv, or the list's query string."
    )
    format = models.CharField(max_length=4, choices=Format.choices)
    title = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="packs/", max_length=200, storage=AttachmentStorage(), blank=True)
    size = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    submission_count = models.PositiveIntegerField(null=True, blank=True, help_text="The true count.")

    objects = EvidencePackQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"Evidence pack {self.pk}"

    @property
    def file_name(self) -> str:
        return f"evidence-pack-{self.pk}.{self.format}"


class PackQuote(models.Model):
    pack = models.ForeignKey(EvidencePack, on_delete=models.CASCADE, related_name="quote_links")
    quote_id = models.IntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pack", "quote_id"], name="pack_quote_unique")]

    def __str__(self) -> str:
        return f"Quote {self.quote_id} in pack {self.pack_id}"
