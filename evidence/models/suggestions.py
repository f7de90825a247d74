"""Theme suggestions (issue 13): the model every worker reads, and what it suggested per submission.

Rules:

- **The model is data, not code**: vocabulary, idf, per-theme coefficients, intercepts and thresholds as
  plain JSON (``evidence.analysis.theme_model``), so nothing executable is ever loaded from the database
  and anyone can read what it holds. The newest row is the one in use; training replaces the rows, so a
  term from a purged or erased submission leaves with the next training.
- **Suggestions are staff-only and derived from a submission**: they cascade with it (erasure, retention
  purge), are never the member's themes, and a decided one (accepted or rejected) stays decided.
"""

from django.conf import settings
from django.db import models

from evidence.models.reference import Theme
from evidence.models.submission import Submission


class ThemeModel(models.Model):
    trained_at = models.DateTimeField(auto_now_add=True, db_index=True)
    labelled_count = models.PositiveIntegerField(help_text="Submissions of the shipped training split.")
    live_count = models.PositiveIntegerField(help_text="Live submissions whose labels it learned from.")
    data = models.JSONField(help_text="Vocabulary, idf, coefficients, intercepts and thresholds.")

    class Meta:
        ordering = ["-trained_at", "-id"]
        get_latest_by = ["trained_at", "id"]

    def __str__(self) -> str:
        return f"Theme model of {self.trained_at:%Y-%m-%d %H:%M}"


class ThemeSuggestion(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="theme_suggestions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    confidence = models.FloatField(help_text="The model's probability that the submission is about it.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    suggested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-confidence", "theme__position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "theme"], name="one_suggestion_per_theme"),
        ]
        indexes = [models.Index(fields=["theme", "state"], name="suggestion_theme_state")]

    def __str__(self) -> str:
        return f"{self.theme_id} for {self.submission_id} ({self.confidence:.2f})"
