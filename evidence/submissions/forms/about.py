"""Step 1, about you, and step 2, which themes."""

from typing import Any

from crispy_forms.layout import Layout
from django import forms

from evidence.choices import Phase, Role, Setting
from evidence.submissions.draft import AboutYou
from evidence.submissions.forms import kept_choices, long_select
from evidence.submissions.forms.base import (
    MemberText,
    QuestionPage,
    choice_labels,
    local_authority_id,
    radios,
    set_summary_label,
)
from evidence.submissions.forms.choice_layout import Checkboxes, Radios
from evidence.submissions.forms.input_layout import Input
from evidence.submissions.forms.layout import RevealingRadios
from evidence.submissions.forms.reference_lists import local_authority_choices, theme_choices
from evidence.submissions.steps import StepData


class AboutYouForm(QuestionPage, forms.Form):
    summary_only_when_given = ("role_other",)

    role = radios(
        choices=Role.choices,
        label="What is your role?",
        required_message="Select your role",
        summary_label="Role",
    )
    role_other = MemberText(
        max_chars=100, name="Your role", required=False, label="Your role", summary_label="Your role"
    )
    phase = radios(
        choices=Phase.choices,
        label="Which phase do you work in?",
        required_message="Select the phase you work in",
        summary_label="Phase",
    )
    setting = radios(
        choices=Setting.choices,
        label="What type of setting do you work in?",
        required_message="Select the type of setting you work in",
        summary_label="Type of setting",
    )
    local_authority = kept_choices.ChoiceField(
        widget=long_select.Select,
        label="Which local authority is your school or setting in?",
        help_text="This tells us where problems are happening. "
        "Choose “Prefer not to say” if you would rather not tell us.",
        error_messages={
            "required": "Select your local authority, or “Prefer not to say”",
            "invalid_choice": "Select your local authority, or “Prefer not to say”",
        },
    )
    set_summary_label(local_authority, "Local authority")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("local_authority").choices = local_authority_choices()

    def layout(self) -> Layout:
        return Layout(
            RevealingRadios("role", reveals={Role.OTHER: ["role_other"]}),
            Radios("phase", legend_size="m"),
            Radios("setting", legend_size="m"),
            Input("local_authority", label_size="m"),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("role") == Role.OTHER:
            if not cleaned.get("role_other") and "role_other" not in self.errors:
                self.add_error("role_other", "Enter your role")
        else:
            cleaned["role_other"] = ""
        return cleaned

    def about_you(self) -> AboutYou:
        """The Submission's "about you" columns, for the draft."""
        cleaned = self.cleaned_data
        return AboutYou(
            role=cleaned["role"],
            role_other=cleaned["role_other"],
            phase=cleaned["phase"],
            setting=cleaned["setting"],
            local_authority_id=local_authority_id(cleaned["local_authority"]),
        )


class ThemesForm(QuestionPage, forms.Form):
    themes = kept_choices.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="What do you want to tell us about?",
        help_text="Select all that apply. You will answer a few questions about each one.",
        error_messages={
            "required": "Select at least one theme",
            "invalid_choice": "Select only the themes shown",
        },
    )
    set_summary_label(themes, "Themes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("themes").choices = theme_choices()

    def layout(self) -> Layout:
        return Layout(Checkboxes("themes", legend_size="l", legend_tag="h1"))

    def clean_themes(self) -> list[str]:
        chosen = set(self.cleaned_data["themes"])
        return [value for value in choice_labels(self.choice_field("themes")) if value in chosen]

    def stored_data(self) -> StepData:
        return {"themes": self.cleaned_data["themes"]}
