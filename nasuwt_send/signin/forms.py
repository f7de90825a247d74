"""The two questions of the second factor: a code to sign in, and a code to confirm a new app."""

from typing import Any

from crispy_forms.layout import Layout
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field
from django import forms
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from nasuwt_send.signin.devices import check_code, confirm_authenticator

CODE_ATTRS = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
THROTTLED = "You have entered too many wrong codes. Wait a minute, then enter the code your app shows now"


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs=CODE_ATTRS),
        error_messages={
            "required": "Enter a code",
            "max_length": "A code is 6 digits from your app, or an 8-character backup code",
            "null_characters_not_allowed": "Enter a code: it has a character that is never in one",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("code", field_width=10, label_size="s"))


class SignInCodeForm(CodeForm):
    """A code from the app, or a backup code, for a staff member who has set up their app."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None
        self.fields["code"].label = "Security code"
        self.fields[
            "code"
        ].help_text = "The 6-digit code your authenticator app shows now, or one of your backup codes."

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        checked = check_code(user=self.user, code=code)
        if checked.device is None:
            raise forms.ValidationError(
                THROTTLED if checked.throttled else "The code is not right: enter the code your app shows now"
            )
        self.device = checked.device
        return code


class SetUpCodeForm(CodeForm):
    """The first code from a newly added app, which confirms it."""

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.backup_codes: list[str] = []
        self.fields["code"].label = "Code from your authenticator app"
        self.fields["code"].help_text = "The 6 digits the app shows once you have added the key."

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(THROTTLED)
        backup_codes = confirm_authenticator(device=self.device, code="".join(code.split()))
        if backup_codes is None:
            raise forms.ValidationError(
                "The code is not right: check the key in your app, then enter the code it shows now"
            )
        self.backup_codes = backup_codes
        return code
