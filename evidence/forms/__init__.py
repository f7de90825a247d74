"""The forms of the evidence journey, one per step, and how a step's form is built from the session."""

from django.utils.datastructures import MultiValueDict

from evidence.forms.about import AboutYouForm, ThemesForm
from evidence.forms.answers import (
    BandingForm,
    BudgetForm,
    GeneralForm,
    ThemeAnswerForm,
    TrainingForm,
    WorkloadForm,
)
from evidence.forms.attachments import AttachmentsForm
from evidence.forms.base import QuestionPage, SummaryRow
from evidence.forms.contact import ContactForm, ExperienceForm
from evidence.forms.sv_dbv import SvDbvForm
from evidence.journey import ABOUT, ATTACHMENTS, CONTACT, EXPERIENCE, THEMES, Journey
from evidence.models import Theme

ANSWER_FORMS: dict[str, type[ThemeAnswerForm]] = {
    Theme.WORKLOAD: WorkloadForm,
    Theme.BANDING: BandingForm,
    Theme.NOTIONAL_BUDGETS: BudgetForm,
    Theme.TRAINING: TrainingForm,
    Theme.SV_DBV: SvDbvForm,
    Theme.GENERAL: GeneralForm,
}

STEP_FORMS: dict[str, type[QuestionPage]] = {
    ABOUT: AboutYouForm,
    THEMES: ThemesForm,
    **ANSWER_FORMS,
    EXPERIENCE: ExperienceForm,
    ATTACHMENTS: AttachmentsForm,
    CONTACT: ContactForm,
}


def _extra_kwargs(step: str, journey: Journey) -> dict:
    if step == Theme.SV_DBV:
        return {"authority_choice": journey.local_authority_choice}
    if step == ATTACHMENTS:
        return {"files_so_far": len(journey.uploads)}
    return {}


def step_form(step: str, journey: Journey, data=None, files=None) -> QuestionPage:
    """The form as posted, or (with no data) showing what the member answered before."""
    form_class = STEP_FORMS[step]
    if data is None:
        return form_class(
            initial=form_class.initial_from(journey.answers(step)), **_extra_kwargs(step, journey)
        )
    return form_class(data, files, **_extra_kwargs(step, journey))


def saved_form(step: str, journey: Journey) -> QuestionPage:
    """The form bound to what the session holds, to check it again and read it back."""
    return STEP_FORMS[step](MultiValueDict(journey.answers(step) or {}), **_extra_kwargs(step, journey))


__all__ = [
    "ANSWER_FORMS",
    "STEP_FORMS",
    "AboutYouForm",
    "AttachmentsForm",
    "ContactForm",
    "ExperienceForm",
    "QuestionPage",
    "SummaryRow",
    "ThemeAnswerForm",
    "ThemesForm",
    "saved_form",
    "step_form",
]
