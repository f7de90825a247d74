"""Check your answers: every saved step checked again, read back, and shaped for submission_create."""

from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from evidence.forms import AboutYouForm, ContactForm, SummaryRow, ThemeAnswerForm, saved_form
from evidence.journey import ABOUT, ATTACHMENTS, CONTACT, EXPERIENCE, THEMES, Journey


@dataclass
class Section:
    title: str
    change_url: str
    rows: list[SummaryRow]


@dataclass
class Review:
    """``first_problem`` is the step to send the member back to, if any step is missing or no longer valid."""

    first_problem: str | None = None
    sections: list[Section] = field(default_factory=list)
    submission_kwargs: dict = field(default_factory=dict)


def change_url(step: str) -> str:
    if step == ATTACHMENTS:
        return reverse("evidence:attachments") + "?change=1"
    return reverse("evidence:step", args=[step]) + "?change=1"


def review(journey: Journey) -> Review:
    forms = {}
    for step in journey.steps():
        if step == ATTACHMENTS:
            if journey.answers(step) is None:
                return Review(first_problem=step)
            continue
        if journey.answers(step) is None:
            return Review(first_problem=step)
        form = saved_form(step, journey)
        if not form.is_valid():
            return Review(first_problem=step)
        forms[step] = form

    theme_names = {str(choice.value): str(choice.label) for choice in forms[THEMES].fields["themes"].choices}
    sections = [
        Section("About you", change_url(ABOUT), forms[ABOUT].summary_rows()),
        Section("Themes", change_url(THEMES), forms[THEMES].summary_rows()),
        *(
            Section(theme_names[slug], change_url(slug), forms[slug].summary_rows())
            for slug in journey.theme_slugs
        ),
        Section("Your experience", change_url(EXPERIENCE), forms[EXPERIENCE].summary_rows()),
        Section("Attachments", change_url(ATTACHMENTS), _attachment_rows(journey)),
        Section("Contact details", change_url(CONTACT), forms[CONTACT].summary_rows()),
    ]
    about: AboutYouForm = forms[ABOUT]
    contact: ContactForm = forms[CONTACT]
    answers: dict[str, ThemeAnswerForm] = {slug: forms[slug] for slug in journey.theme_slugs}
    return Review(
        sections=sections,
        submission_kwargs={
            "about": about.service_fields(),
            "theme_slugs": journey.theme_slugs,
            "answers": {slug: form.answer_fields() for slug, form in answers.items()},
            "experience": forms[EXPERIENCE].cleaned_data["experience"],
            "contact": contact.service_fields(),
            "uploads": journey.uploads,
            "journey_key": journey.key,
        },
    )


def _attachment_rows(journey: Journey) -> list[SummaryRow]:
    names = [f"{upload.original_name} ({filesizeformat(upload.size)})" for upload in journey.uploads]
    return [SummaryRow(key="Files", values=names, value="" if names else "No files attached")]
