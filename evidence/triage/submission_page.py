"""The submission page's read-only summary for the Education Team: what the member told us, grouped as
they gave it.

Builds plain data (headings, labels and values); the template escapes every value. Field labels come
from the models' verbose names, so a new answer column appears here without a template change.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime

from evidence.models import Attachment, Submission, Theme, ThemeAnswer, answer_accessor
from evidence.summary import SummaryRow, SummarySection

# The heading for a theme's ticked boxes (its boolean columns).
TICKED_HEADINGS = {Theme.WORKLOAD: "Causes named", Theme.SV_DBV: "Problems reported"}
SKIPPED = {"id", "submission", "details"}


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _display(obj: models.Model, model_field: models.Field[Any, Any]) -> str:
    value = getattr(obj, model_field.name)
    if model_field.choices:
        return getattr(obj, f"get_{model_field.name}_display")()
    if value is None or value == "":
        return "Not given"
    return str(value)


def _safe_url(value: str) -> str:
    """Only web links become links; anything else is shown as text."""
    return value if value.lower().startswith(("https://", "http://")) else ""


def answer_rows(slug: str, answer: ThemeAnswer) -> list[SummaryRow]:
    rows: list[SummaryRow] = []
    ticked: list[str] = []
    for model_field in answer._meta.concrete_fields:
        if model_field.name in SKIPPED:
            continue
        label = capfirst(str(model_field.verbose_name))
        if isinstance(model_field, models.BooleanField):
            if getattr(answer, model_field.name):
                ticked.append(capfirst(str(model_field.verbose_name)))
        elif isinstance(model_field, models.URLField):
            value = getattr(answer, model_field.name)
            if value:
                rows.append(SummaryRow(label, value, url=_safe_url(value)))
        elif isinstance(model_field, models.ForeignKey):
            related = getattr(answer, model_field.name)
            rows.append(SummaryRow(label, str(related) if related else "Not given"))
        else:
            rows.append(SummaryRow(label, _display(answer, model_field)))
    if any(isinstance(f, models.BooleanField) for f in answer._meta.concrete_fields):
        rows.append(
            SummaryRow(TICKED_HEADINGS.get(slug, "Ticked"), "None" if not ticked else "", values=ticked)
        )
    rows.append(SummaryRow("Details", answer.details or "Not given", long=True))
    return rows


def theme_sections(submission: Submission, themes: list[Theme]) -> list[SummarySection]:
    """One section per theme the member chose (and any answers kept for a theme they did not)."""
    sections: list[SummarySection] = []
    chosen = {theme.slug for theme in themes}
    for theme in Theme.objects.order_by("position"):
        answer = _answer(submission, theme.slug)
        if theme.slug not in chosen and answer is None:
            continue
        heading = theme.name if theme.slug in chosen else f"{theme.name} (answers kept, theme not chosen)"
        rows = answer_rows(theme.slug, answer) if answer else [SummaryRow("Answers", "No answers recorded")]
        sections.append(SummarySection(heading, rows, slug=theme.slug))
    return sections


def _answer(submission: Submission, slug: str) -> ThemeAnswer | None:
    try:
        return getattr(submission, answer_accessor(slug))
    except ObjectDoesNotExist:
        return None


def about_section(submission: Submission) -> SummarySection:
    role = submission.get_role_display()
    if submission.role_other:
        role = f"{role}: {submission.role_other}"
    return SummarySection(
        "About them",
        [
            SummaryRow(
                "Reference",
                f"{submission.reference} (demo data, not from a member)"
                if submission.is_demo
                else submission.reference,
            ),
            SummaryRow("Received", date_format(localtime(submission.received_at), "j F Y, H:i")),
            SummaryRow("Role", role),
            SummaryRow("Phase", submission.get_phase_display()),
            SummaryRow("Type of setting", submission.get_setting_display()),
            SummaryRow("Local authority", str(submission.local_authority or "Preferred not to say")),
        ],
    )


def contact_section(submission: Submission) -> SummarySection:
    return SummarySection(
        "Contact details and consents",
        [
            SummaryRow("Name", submission.name or "Not given"),
            SummaryRow("Email", submission.email or "Not given"),
            SummaryRow("Membership number", submission.membership_number or "Not given"),
            SummaryRow("May we contact them?", _yes_no(submission.consent_to_contact)),
            SummaryRow("May we quote them anonymously?", _yes_no(submission.consent_to_quote)),
        ],
    )


def attachment_rows(
    submission: Submission, attachments: Iterable[Attachment], download_url: Callable[[Attachment], str]
) -> list[SummaryRow]:
    return [
        SummaryRow(a.original_name, f"{a.content_type}, {filesizeformat(a.size)}", url=download_url(a))
        for a in attachments
    ]


def build(submission: Submission, themes: list[Theme]) -> dict[str, Any]:
    return {
        "about": about_section(submission),
        "contact": contact_section(submission),
        "experience": submission.experience,
        "theme_sections": theme_sections(submission, themes),
    }
