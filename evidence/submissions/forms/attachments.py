"""Optional files: checked and put in the pending area as soon as they arrive."""

from django import forms
from django.core.exceptions import ValidationError

from evidence.submissions.forms.base import QuestionPage
from evidence.submissions.uploads import ACCEPTED_TYPES, check_upload


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFiles(forms.Field):
    """The files chosen in one go; each is checked in the form, so each error can name its file."""

    widget = MultipleFileInput

    def clean(self, value):
        return list(value or [])


class AttachmentsForm(QuestionPage, forms.Form):
    files = MultipleFiles(
        required=False,
        label="Upload files",
        help_text=f"{ACCEPTED_TYPES}. You can choose several at once.",
    )

    def __init__(self, *args, files_so_far: int = 0, **kwargs):
        self.files_so_far = files_so_far
        self.accepted: list[tuple[object, str]] = []
        super().__init__(*args, **kwargs)

    def clean_files(self) -> list:
        """Keeps every acceptable file, and reports each refused one by name."""
        errors = []
        for uploaded in self.cleaned_data["files"]:
            try:
                content_type = check_upload(uploaded, files_so_far=self.files_so_far + len(self.accepted))
            except ValidationError as error:
                errors.append(error)
            else:
                self.accepted.append((uploaded, content_type))
        if errors:
            raise ValidationError(errors)
        return self.cleaned_data["files"]
