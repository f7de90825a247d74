"""Reference data loaded by migration: the themes of the call for evidence, the 153 English local
authorities, and which of them published sources put in the Safety Valve or DBV programmes."""

from django.db import models
from django.urls import reverse

from evidence.choices import KnownProgramme


class Theme(models.Model):
    WORKLOAD = "workload"
    BANDING = "banding"
    NOTIONAL_BUDGETS = "notional-budgets"
    TRAINING = "training"
    SV_DBV = "sv-dbv"
    GENERAL = "general"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, help_text="One line shown beside the theme's checkbox.")
    what_we_want_to_hear = models.TextField(help_text="Plain English, drawn from the briefing.")
    position = models.PositiveSmallIntegerField(default=0)
    related_questions = models.ManyToManyField("consultation.Question", related_name="themes", blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evidence:theme", args=[self.slug])


class LocalAuthority(models.Model):
    class Type(models.TextChoices):
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN = "metropolitan", "Metropolitan borough"
        LONDON = "london", "London borough"
        COUNTY = "county", "County council"
        OTHER = "other", "Other (sui generis)"

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    la_number = models.PositiveSmallIntegerField("DfE LA number", unique=True)
    name = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=20, choices=Type.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class ProgrammeMembership(models.Model):
    """An authority's place in the Safety Valve or DBV programme, as published sources (or staff) show."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="programme_memberships"
    )
    programme = models.CharField(max_length=3, choices=KnownProgramme.choices)
    year_or_tranche = models.CharField(max_length=60, blank=True)
    inferred = models.BooleanField(
        default=False, help_text="The year or tranche was worked out from the sources, not stated in them."
    )
    source_url = models.URLField(max_length=500, blank=True)
    plan_published_url = models.URLField("published plan", max_length=500, blank=True)
    confirmed_by = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who recorded or confirmed this membership.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["local_authority__name", "programme"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "programme"], name="one_membership_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} – {self.get_programme_display()}"
