"""The one question of "Save and come back later": where to send the link."""

from crispy_forms.layout import Layout
from crispy_forms_gds.layout import Fluid
from django import forms
from django.core.validators import MaxLengthValidator

from evidence.submissions.forms.base import QuestionPage
from evidence.submissions.forms.input_layout import Input


class SaveForLaterForm(QuestionPage, forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send you a link to your form. We use this address for nothing else.",
        validators=[MaxLengthValidator(254, message="Email address must be 254 characters or fewer")],
        error_messages={
            "required": "Enter your email address so we can send you a link to your form",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def layout(self) -> Layout:
        return Layout(Input("email", width_class=Fluid.for_input(Fluid.TWO_THIRDS)))
