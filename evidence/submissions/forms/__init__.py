"""The forms of the evidence journey, one per step.

A form knows its questions, its messages and how to read back what it received; it knows nothing of
the journey or the session (``evidence.submissions.step_forms`` builds a step's form from those).
"""

from evidence.models import Theme
from evidence.submissions.forms.about import AboutYouForm, ThemesForm
from evidence.submissions.forms.answers import (
    BandingForm,
    BudgetForm,
    GeneralForm,
    ThemeAnswerForm,
    TrainingForm,
    WorkloadForm,
)
from evidence.submissions.forms.attachments import AttachmentsForm
from evidence.submissions.forms.base import QuestionPage
from evidence.submissions.forms.contact import ContactForm, ExperienceForm
from evidence.submissions.forms.sv_dbv import SvDbvForm
from evidence.submissions.steps import ABOUT, ATTACHMENTS, CONTACT, EXPERIENCE, THEMES

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

__all__ = [
    "ANSWER_FORMS",
    "STEP_FORMS",
    "AboutYouForm",
    "AttachmentsForm",
    "ContactForm",
    "ExperienceForm",
    "QuestionPage",
    "SvDbvForm",
    "ThemeAnswerForm",
    "ThemesForm",
]
