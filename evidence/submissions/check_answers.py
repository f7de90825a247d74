"""Check your answers: every saved step checked again, read back, and made into a draft to send.

Steps are checked again here, not trusted from when they were saved: the themes chosen may have changed
since, and a step the member skipped (by typing a URL) must send them back to it.
"""

from dataclasses import dataclass, field
from typing import cast

from django.template.defaultfilters import filesizeformat

from evidence.submissions.draft import SubmissionDraft
from evidence.submissions.forms import AboutYouForm, ContactForm, QuestionPage, ThemeAnswerForm
from evidence.submissions.forms.base import choice_labels
from evidence.submissions.journey import Journey
from evidence.submissions.step_forms import saved_form
from evidence.submissions.steps import ABOUT, ATTACHMENTS, CONTACT, EXPERIENCE, THEMES
from evidence.summary import SummaryRow, SummarySection
from nasuwt_send.kept_urls import kept_reverse


@dataclass(frozen=True)
class CheckedAnswers:
    """Either ``first_problem`` (the step to send the member back to) or the sections and the draft."""

    first_problem: str | None = None
    sections: list[SummarySection] = field(default_factory=list)
    draft: SubmissionDraft | None = None


def change_url(step: str) -> str:
    if step == ATTACHMENTS:
        return kept_reverse("evidence:attachments") + "?change=1"
    return kept_reverse("evidence:step", step) + "?change=1"


def check_journey(journey: Journey, *, read_back: bool = True) -> CheckedAnswers:
    """Every saved step checked again; with ``read_back``, the sections the page shows too (the Send
    needs only the draft)."""
    forms: dict[str, QuestionPage] = {}
    for step in journey.steps():
        if journey.answers(step) is None:
            return CheckedAnswers(first_problem=step)
        if step == ATTACHMENTS:
            continue
        form = saved_form(step, journey)
        if not form.is_valid():
            return CheckedAnswers(first_problem=step)
        forms[step] = form

    # STEP_FORMS gives each of these steps its form class.
    about = cast(AboutYouForm, forms[ABOUT])
    contact = cast(ContactForm, forms[CONTACT])
    answers = {slug: cast(ThemeAnswerForm, forms[slug]) for slug in journey.theme_slugs}
    draft = SubmissionDraft(
        journey_key=journey.key,
        about=about.about_you(),
        theme_slugs=tuple(journey.theme_slugs),
        answers={slug: form.answer_fields() for slug, form in answers.items()},
        experience=forms[EXPERIENCE].cleaned_data["experience"],
        contact=contact.contact_details(),
        uploads=tuple(journey.uploads),
    )
    return CheckedAnswers(sections=_sections(journey, forms) if read_back else [], draft=draft)


def _sections(journey: Journey, forms: dict[str, QuestionPage]) -> list[SummarySection]:
    choices = choice_labels(forms[THEMES].choice_field("themes"))
    theme_names = {str(value): str(label) for value, label in choices.items()}
    steps = [
        ("About you", ABOUT),
        ("Themes", THEMES),
        *((theme_names[slug], slug) for slug in journey.theme_slugs),
        ("Your experience", EXPERIENCE),
    ]
    sections = [SummarySection(title, forms[step].summary_rows(), change_url(step)) for title, step in steps]
    sections.append(SummarySection("Attachments", _attachment_rows(journey), change_url(ATTACHMENTS)))
    sections.append(SummarySection("Contact details", forms[CONTACT].summary_rows(), change_url(CONTACT)))
    return sections


def _attachment_rows(journey: Journey) -> list[SummaryRow]:
    names = [f"{upload.original_name} ({filesizeformat(upload.size)})" for upload in journey.uploads]
    return [SummaryRow(key="Files", values=names, value="" if names else "No files attached")]
