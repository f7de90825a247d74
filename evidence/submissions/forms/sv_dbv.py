"""The Safety Valve / Delivering Better Value page: what members know of their authority's plan."""

from typing import Any

from crispy_forms.layout import Layout
from django import forms
from django.core.validators import MaxLengthValidator, URLValidator

from evidence.choices import PlanStage, Programme, YesNoNotSure
from evidence.models import SvDbvAnswer
from evidence.submissions.forms import kept_choices, long_select
from evidence.submissions.forms.answers import ThemeAnswerForm, details, flag_choices
from evidence.submissions.forms.base import checkboxes, local_authority_id, radios, set_summary_label
from evidence.submissions.forms.choice_layout import Checkboxes, Radios
from evidence.submissions.forms.input_layout import Input
from evidence.submissions.forms.layout import CharacterCount, RevealingRadios
from evidence.submissions.forms.reference_lists import local_authority_choices
from evidence.submissions.steps import PREFER_NOT_TO_SAY


class SvDbvForm(ThemeAnswerForm):
    """The authority comes from "about you"; it is asked again only if they preferred not to say."""

    summary_only_when_given = ("plan_url",)
    field_order = [
        "authority",
        "programme",
        "plan_stage",
        "plan_published",
        "plan_url",
        "schools_consulted",
        "problems",
        "details",
    ]
    flags_field = "problems"
    flags = [
        "problem_no_consultation",
        "problem_mainstream_support_reduced",
        "problem_specialist_cuts",
        "problem_no_funding_for_new_services",
    ]

    authority = kept_choices.ChoiceField(
        widget=long_select.Select,
        label="Which local authority are you telling us about?",
        help_text="Choose “Prefer not to say” if you would rather not tell us.",
        error_messages={
            "required": "Select the local authority, or “Prefer not to say”",
            "invalid_choice": "Select the local authority, or “Prefer not to say”",
        },
    )
    set_summary_label(authority, "Local authority")
    programme = radios(
        choices=Programme.choices,
        label="Is the authority in the Safety Valve or Delivering Better Value programme?",
        required_message="Select the programme, or “Not sure”",
        summary_label="Programme",
    )
    plan_stage = radios(
        choices=PlanStage.choices,
        label="How far has the authority got with its plan?",
        required_message="Select how far the plan has got, or “Not sure”",
        summary_label="Plan stage",
    )
    plan_published = radios(
        choices=YesNoNotSure.choices,
        label="Has the plan been published?",
        required_message="Select whether the plan has been published, or “Not sure”",
        summary_label="Plan published",
    )
    plan_url = forms.CharField(
        required=False,
        label="Link to the published plan",
        help_text="For example, https://www.gov.uk/government/publications/…",
        validators=[
            URLValidator(
                schemes=["http", "https"], message="Enter a link that starts with https:// or http://"
            ),
            MaxLengthValidator(500, message="The link must be 500 characters or fewer"),
        ],
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
    )
    set_summary_label(plan_url, "Link to the plan")
    schools_consulted = radios(
        choices=YesNoNotSure.choices,
        label="Have schools been meaningfully consulted about the plan?",
        required_message="Select whether schools have been meaningfully consulted, or “Not sure”",
        summary_label="Schools meaningfully consulted",
    )
    problems = checkboxes(
        choices=flag_choices(SvDbvAnswer, flags),
        label="Are any of these problems happening?",
        summary_label="Problems",
    )
    details = details("Tell us what is happening")

    class Meta:
        model = SvDbvAnswer
        fields = ["programme", "plan_stage", "plan_published", "plan_url", "schools_consulted", "details"]

    def __init__(self, *args: Any, authority_choice: str = "", **kwargs: Any) -> None:
        self.authority_choice = authority_choice
        super().__init__(*args, **kwargs)
        if self.asks_authority:
            self.choice_field("authority").choices = local_authority_choices()
        else:
            del self.fields["authority"]

    @property
    def asks_authority(self) -> bool:
        return self.authority_choice in ("", PREFER_NOT_TO_SAY)

    def layout(self) -> Layout:
        fields = [Input("authority", label_size="m")] if "authority" in self.fields else []
        return Layout(
            *fields,
            Radios("programme", legend_size="m"),
            Radios("plan_stage", legend_size="m"),
            RevealingRadios("plan_published", reveals={YesNoNotSure.YES: ["plan_url"]}),
            Radios("schools_consulted", legend_size="m"),
            Checkboxes("problems", legend_size="m"),
            CharacterCount("details"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("plan_published") == YesNoNotSure.YES:
            if not cleaned.get("plan_url") and "plan_url" not in self.errors:
                self.add_error("plan_url", "Enter the link to the published plan")
        else:
            cleaned["plan_url"] = ""
            self.errors.pop("plan_url", None)
        choice = cleaned.get("authority", "") if self.asks_authority else self.authority_choice
        self.instance.local_authority_id = local_authority_id(choice)
        return cleaned
