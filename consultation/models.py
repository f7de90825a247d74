"""A Government consultation, what it proposed, and the union's published response to it.

Rich text (summaries, aims, proposals, response sections, answers) is stored as the small markup
described in ``consultation.markup``: paragraphs split by blank lines, ``**bold**`` and ``*italic*``.
Links are stored exactly as the union wrote them; staff edit them in the admin.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def published(self) -> "ConsultationQuerySet":
        return self.filter(published=True)

    def current(self, *, include_unpublished: bool = False) -> "Consultation | None":
        """The consultation the public pages show: the first by ordering, newest first on a tie.

        Staff see drafts too, so they can check a new consultation before publishing it.
        """
        consultations = self if include_unpublished else self.published()
        return consultations.order_by("ordering", "-created", "-pk").first()


class Consultation(models.Model):
    slug = models.SlugField(unique=True, help_text="Used in download file names.")
    title = models.CharField(
        max_length=300, help_text="The consultation document's title, as the Government wrote it."
    )
    document_type = models.CharField(
        max_length=60, default="Green Paper", help_text='What the Government called it, e.g. "Green Paper".'
    )
    green_paper_url = models.URLField(
        "link to the consultation document", max_length=500, help_text="Kept exactly as entered."
    )
    full_response_url = models.URLField(
        "link to the union's full response", max_length=500, blank=True, help_text="Kept exactly as entered."
    )
    summary = models.TextField(blank=True, help_text="Paragraphs split by a blank line; **bold**, *italic*.")
    published = models.BooleanField(
        default=False, help_text="Only published consultations are shown to the public."
    )
    ordering = models.PositiveIntegerField(
        default=0, help_text="The public pages show the published consultation with the lowest number."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "-created"]

    def __str__(self) -> str:
        return self.title


class Aim(models.Model):
    """One of the broad aims of the consultation document."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="aims")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(help_text="**bold**, *italic*.")

    class Meta:
        ordering = ["consultation", "order", "pk"]

    def __str__(self) -> str:
        return f"Aim {self.order}"


class Proposal(models.Model):
    """One of the document's main proposals: a short title for lists and its text as written."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="proposals")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    detail = models.TextField(help_text="Paragraphs split by a blank line; **bold**, *italic*.")

    class Meta:
        ordering = ["consultation", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ResponseSection(models.Model):
    """Part of the union's response that is not an answer to a numbered question."""

    class Kind(models.TextChoices):
        SUPPORT = "support", "Position on the broad aims"
        CONCERN = "concern", "Headline concern"
        SECTION = "section", "Key concern, with its own section"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="response_sections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SECTION)
    order = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(help_text="The section's anchor on the response page.")
    heading = models.CharField(max_length=300)
    body = models.TextField(help_text="Paragraphs split by a blank line; **bold**, *italic*.")

    class Meta:
        ordering = ["consultation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "slug"], name="unique_response_section_slug"),
        ]

    def __str__(self) -> str:
        return self.heading


class QuestionGroup(models.Model):
    """A heading the public list of questions is grouped under."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="question_groups")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["consultation", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A numbered consultation question, as asked, and the union's answer to it."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    group = models.ForeignKey(
        QuestionGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    text = models.TextField("question, as asked")
    answer = models.TextField(
        "the union's answer", help_text="Paragraphs split by a blank line; **bold**, *italic*."
    )

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="unique_question_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="question_number_from_one"),
        ]

    def __str__(self) -> str:
        return f"Question {self.number}"

    def get_absolute_url(self) -> str:
        """The question's permanent public address (the public pages show the current consultation)."""
        return reverse("consultation:question", args=[self.number])
