"""A member's evidence: what they told us, tagged by theme, with their answers and files."""

import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from evidence.choices import (
    BandingExperience,
    Phase,
    PlanStage,
    Preparedness,
    Priority,
    Programme,
    Role,
    Setting,
    Status,
    TrainingStage,
    YesNoNotSure,
)
from evidence.models.querysets import SubmissionQuerySet, SvDbvAnswerQuerySet, counted_q
from evidence.models.reference import LocalAuthority, Theme
from evidence.storage import AttachmentStorage

# No 0/O, 1/I/L, U/V: a reference is read aloud over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"


def new_reference() -> str:
    """``SEND-7K4M-2Q9X``: 29^8 (about 5 * 10^11) possibilities, drawn by a CSPRNG."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SEND-{chars[:4]}-{chars[4:]}"


class Submission(models.Model):
    reference = models.CharField(max_length=14, unique=True, default=new_reference, editable=False)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # One per completed form journey: a double-click or a resubmitted last step finds the first one.
    journey_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    # About you
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    role_other = models.CharField("role (other)", max_length=100, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, db_index=True)
    setting = models.CharField("type of setting", max_length=20, choices=Setting.choices, db_index=True)
    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        help_text="Empty when the member preferred not to say.",
    )

    # What they told us
    themes = models.ManyToManyField(Theme, related_name="submissions", verbose_name="member's themes")
    staff_themes = models.ManyToManyField(
        Theme,
        related_name="staff_tagged_submissions",
        blank=True,
        verbose_name="themes added by staff",
        help_text="Corrections by the Education Team, kept apart from the member's own choice.",
    )
    experience = models.TextField("experience in their own words", blank=True)

    # Contact details: all optional, each consent separate.
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    membership_number = models.CharField(max_length=30, blank=True)
    consent_to_contact = models.BooleanField("may contact them", default=False)
    consent_to_quote = models.BooleanField("may quote them anonymously", default=False)

    # Triage
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_submissions",
    )
    priority = models.PositiveSmallIntegerField(
        choices=Priority.choices, default=Priority.NORMAL, db_index=True
    )
    restricted = models.BooleanField(
        "restricted",
        default=False,
        db_index=True,
        help_text=(
            "A member asked us to restrict processing: kept out of figures, quotes, packs and exports "
            "until lifted."
        ),
    )
    is_demo = models.BooleanField(
        "demo data", default=False, help_text="Made by seed_demo_evidence, not a member."
    )
    # The bit of every theme the member chose or staff added: a copy of the two link tables for the
    # list's theme filter, kept current by evidence.models.theme_flags.
    theme_flags = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-received_at"], name="submission_status_received"),
            models.Index(fields=["local_authority", "-received_at"], name="submission_la_received"),
            # The dashboard's and the tracker's counts of submissions held (issue 16): every column they
            # read, for counted rows only, so PostgreSQL counts from this narrow index alone (an
            # index-only scan) rather than the whole table. Decision 0065.
            models.Index(
                fields=["local_authority", "role", "received_at", "id"],
                condition=counted_q(),
                name="submission_counted_figures",
            ),
        ]
        permissions = [
            ("export_submission", "Can export submissions"),
            ("erase_submission", "Can erase a member's evidence on request"),
            ("export_personal_data", "Can export a member's personal data (subject access)"),
        ]

    def __str__(self) -> str:
        return self.reference

    @classmethod
    def answer_models(cls) -> tuple[type["ThemeAnswer"], ...]:
        """One per theme (``ANSWER_MODELS``), for code below this module that may not import it."""
        return tuple(ANSWER_MODELS.values())

    @property
    def theme_slugs(self) -> set[str]:
        return {theme.slug for theme in self.themes.all()}


class ThemeAnswer(models.Model):
    """The answers to one theme's questions; one row per submission that chose the theme."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="+")
    details = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self)._meta.verbose_name} for {self.submission_id}"


class WorkloadAnswer(ThemeAnswer):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="workload")
    cause_specialist_service_cuts = models.BooleanField("cuts to specialist services", default=False)
    cause_external_agency_meetings = models.BooleanField(
        "difficulty securing meetings with external agencies", default=False
    )
    cause_specialist_advice_delays = models.BooleanField(
        "delays in specialist advice and support", default=False
    )
    cause_ehcp_processes = models.BooleanField("EHCP processes", default=False)


class BandingAnswer(ThemeAnswer):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="banding")
    experience = models.CharField(max_length=20, choices=BandingExperience.choices, db_index=True)


class BudgetAnswer(ThemeAnswer):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="budget")
    notional_budget_enough = models.CharField(
        "notional SEN budget covers the school's SEND needs", max_length=10, choices=YesNoNotSure.choices
    )


class TrainingAnswer(ThemeAnswer):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="training")
    stage = models.CharField("training stage", max_length=20, choices=TrainingStage.choices, db_index=True)
    preparedness = models.CharField("how well it prepared them", max_length=20, choices=Preparedness.choices)


class SvDbvAnswer(ThemeAnswer):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="sv_dbv")
    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sv_dbv_reports",
        help_text="The authority this report is about.",
    )
    programme = models.CharField(max_length=10, choices=Programme.choices, db_index=True)
    plan_stage = models.CharField(max_length=30, choices=PlanStage.choices, db_index=True)
    plan_published = models.CharField(max_length=10, choices=YesNoNotSure.choices, db_index=True)
    plan_url = models.URLField("link to the published plan", max_length=500, blank=True)
    schools_consulted = models.CharField(
        "schools meaningfully consulted", max_length=10, choices=YesNoNotSure.choices
    )
    problem_no_consultation = models.BooleanField(
        "no meaningful consultation of schools on the plan", default=False
    )
    problem_mainstream_support_reduced = models.BooleanField(
        "reduced support to mainstream schools", default=False
    )
    problem_specialist_cuts = models.BooleanField(
        "cuts to specialist services and provision leaving needs unmet", default=False
    )
    problem_no_funding_for_new_services = models.BooleanField(
        "no funding for new or extra services mainstream schools need", default=False
    )

    objects = SvDbvAnswerQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "programme", "plan_published"], name="svdbv_la_prog_plan")
        ]


class GeneralAnswer(ThemeAnswer):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="general")


# The theme each answer model belongs to: the journey's steps and forms, create, the export, the
# submission page and the demo seeding all read this one map.
ANSWER_MODELS: dict[str, type[ThemeAnswer]] = {
    Theme.WORKLOAD: WorkloadAnswer,
    Theme.BANDING: BandingAnswer,
    Theme.NOTIONAL_BUDGETS: BudgetAnswer,
    Theme.TRAINING: TrainingAnswer,
    Theme.SV_DBV: SvDbvAnswer,
    Theme.GENERAL: GeneralAnswer,
}


def answer_accessor(theme_slug: str) -> str:
    """The attribute on Submission that holds a theme's answers (``submission.sv_dbv``)."""
    model = ANSWER_MODELS[theme_slug]
    related_name = model._meta.get_field("submission").remote_field.related_name
    if related_name is None:  # every answer model names it; a new one that forgot would get None
        raise ImproperlyConfigured(f"{model.__name__}.submission needs a related_name.")
    return related_name


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The member's file name is never part of the path; it is kept in original_name only.
    return f"{instance.submission_id or 'new'}/{secrets.token_hex(16)}"


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200, storage=AttachmentStorage())
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
