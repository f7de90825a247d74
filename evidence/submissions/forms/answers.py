"""One question page per chosen theme: that theme's questions only, saved as real columns."""

from typing import Any

from crispy_forms.layout import Layout
from django import forms
from django.conf import settings
from django.db import models

from evidence.choices import BandingExperience, Preparedness, TrainingStage, YesNoNotSure
from evidence.models import BandingAnswer, BudgetAnswer, GeneralAnswer, TrainingAnswer, WorkloadAnswer
from evidence.submissions.forms.base import MemberText, QuestionPage, checkboxes, radios
from evidence.submissions.forms.choice_layout import Checkboxes, Radios
from evidence.submissions.forms.layout import CharacterCount


def details(
    label: str, help_text: str = "Optional. Please do not name pupils, parents or colleagues."
) -> MemberText:
    return MemberText(
        max_chars=settings.EVIDENCE_TEXT_MAX_CHARS,
        name="Your details",
        required=False,
        label=label,
        help_text=help_text,
        summary_label="Details",
        widget=forms.Textarea,
    )


def flag_choices(model: type[models.Model], names: list[str]) -> list[tuple[str, str]]:
    labels = [_column_label(model, name) for name in names]
    return [(name, label[:1].upper() + label[1:]) for name, label in zip(names, labels, strict=True)]


def _column_label(model: type[models.Model], name: str) -> str:
    column = model._meta.get_field(name)
    if not isinstance(column, models.Field):  # a relation's reverse side, say: no verbose name
        raise TypeError(f"{model.__name__}.{name} is not a column.")
    return str(column.verbose_name)


class ThemeAnswerForm(QuestionPage, forms.ModelForm):
    """Yes/no columns are asked as one group of checkboxes (``flags_field``), set in ``clean``."""

    flags_field = ""
    flags: list[str] = []

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.flags_field:
            chosen = set(cleaned.get(self.flags_field) or [])
            for name in self.flags:
                setattr(self.instance, name, name in chosen)
        return cleaned

    def answer_fields(self) -> dict[str, Any]:
        """The answer row's columns (all but the submission), for submission_create."""
        return {
            model_field.attname: getattr(self.instance, model_field.attname)
            for model_field in self.instance._meta.concrete_fields
            if model_field.name not in ("id", "submission")
        }


class WorkloadForm(ThemeAnswerForm):
    field_order = ["causes", "details"]
    flags_field = "causes"
    flags = [
        "cause_specialist_service_cuts",
        "cause_external_agency_meetings",
        "cause_specialist_advice_delays",
        "cause_ehcp_processes",
    ]
    causes = checkboxes(
        choices=flag_choices(WorkloadAnswer, flags),
        label="What adds to the workload?",
        summary_label="Causes",
    )
    details = details("Tell us about the workload pressures and what causes them")

    class Meta:
        model = WorkloadAnswer
        fields = ["details"]

    def layout(self) -> Layout:
        return Layout(Checkboxes("causes", legend_size="m"), CharacterCount("details"))


class BandingForm(ThemeAnswerForm):
    experience = radios(
        choices=BandingExperience.choices,
        label="What do you want to tell us about your local authority's banding?",
        required_message="Select what you want to tell us about banding",
        summary_label="Banding",
    )
    details = details("Tell us what happens")

    class Meta:
        model = BandingAnswer
        fields = ["experience", "details"]

    def layout(self) -> Layout:
        return Layout(Radios("experience", legend_size="m"), CharacterCount("details"))


class BudgetForm(ThemeAnswerForm):
    notional_budget_enough = radios(
        choices=YesNoNotSure.choices,
        label="Does your school's notional SEN budget cover the SEND needs of its pupils?",
        required_message="Select whether the notional SEN budget covers your pupils' needs, or “Not sure”",
        summary_label="Notional SEN budget covers needs",
    )
    details = details("Tell us about the budget pressures")

    class Meta:
        model = BudgetAnswer
        fields = ["notional_budget_enough", "details"]

    def layout(self) -> Layout:
        return Layout(Radios("notional_budget_enough", legend_size="m"), CharacterCount("details"))


class TrainingForm(ThemeAnswerForm):
    stage = radios(
        choices=TrainingStage.choices,
        label="Which training are you telling us about?",
        required_message="Select the training you are telling us about",
        summary_label="Training",
    )
    preparedness = radios(
        choices=Preparedness.choices,
        label="How well did it prepare you to teach pupils with SEND?",
        required_message="Select how well it prepared you",
        summary_label="How well it prepared you",
    )
    details = details("Tell us about the training")

    class Meta:
        model = TrainingAnswer
        fields = ["stage", "preparedness", "details"]

    def layout(self) -> Layout:
        return Layout(
            Radios("stage", legend_size="m"),
            Radios("preparedness", legend_size="m"),
            CharacterCount("details"),
        )


class GeneralForm(ThemeAnswerForm):
    details = details(
        "Tell us about your other experiences of the SEND system",
        help_text="Optional: you can also tell us in your own words on the next page. "
        "Please do not name pupils, parents or colleagues.",
    )

    class Meta:
        model = GeneralAnswer
        fields = ["details"]

    def layout(self) -> Layout:
        return Layout(CharacterCount("details"))
