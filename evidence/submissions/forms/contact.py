"""Your experience in your own words, and your (optional) contact details."""

from typing import Any

from crispy_forms.layout import Layout
from crispy_forms_gds.layout import Fieldset, Fixed, Fluid
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator

from evidence.submissions.draft import ContactDetails
from evidence.submissions.forms.base import MemberText, QuestionPage, set_summary_label
from evidence.submissions.forms.input_layout import Checkbox, Input
from evidence.submissions.forms.layout import CharacterCount


class ExperienceForm(QuestionPage, forms.Form):
    experience = MemberText(
        max_chars=settings.EVIDENCE_TEXT_MAX_CHARS,
        name="Your experience",
        label="Tell us about your experience in your own words",
        help_text="What is happening, where and since when, and what it means for pupils and staff. "
        "Please do not name pupils, parents or colleagues.",
        error_messages={"required": "Tell us about your experience"},
        summary_label="Your experience",
        widget=forms.Textarea,
    )

    def layout(self) -> Layout:
        return Layout(CharacterCount("experience", label_tag="h1", label_class="govuk-label--l", rows=12))


class ContactForm(QuestionPage, forms.Form):
    name = MemberText(
        max_chars=200,
        name="Your name",
        required=False,
        label="Your name (optional)",
        help_text="So we know who to ask for if we contact you.",
        summary_label="Name",
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        required=False,
        label="Email address (optional)",
        help_text="We will email you your reference. "
        "We use your address to contact you only if you agree below.",
        validators=[MaxLengthValidator(254, message="Email address must be 254 characters or fewer")],
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    set_summary_label(email, "Email address")
    membership_number = MemberText(
        max_chars=30,
        name="Membership number",
        required=False,
        label="NASUWT membership number (optional)",
        help_text="So we can follow up with you as a member. It tells us you belong to the union: "
        "the privacy notice explains how we protect that.",
        summary_label="Membership number",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    consent_to_contact = forms.BooleanField(
        required=False, label="The Education Team may contact me about my evidence"
    )
    set_summary_label(consent_to_contact, "May contact you")
    consent_to_quote = forms.BooleanField(
        required=False, label="The union may quote my evidence without my name or anything that identifies me"
    )
    set_summary_label(consent_to_quote, "May quote you anonymously")

    def layout(self) -> Layout:
        return Layout(
            Input("name", width_class=Fluid.for_input(Fluid.TWO_THIRDS)),
            Input("email", width_class=Fluid.for_input(Fluid.TWO_THIRDS)),
            Input("membership_number", width_class=Fixed.for_input(10)),
            Fieldset(
                Checkbox("consent_to_contact"),
                Checkbox("consent_to_quote"),
                legend="What you agree to (optional)",
                legend_size="m",
            ),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("consent_to_contact") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error(
                "email", "Enter your email address so we can contact you, or untick “may contact me”"
            )
        return cleaned

    def contact_details(self) -> ContactDetails:
        return ContactDetails(**{name: self.cleaned_data[name] for name in self.fields})
