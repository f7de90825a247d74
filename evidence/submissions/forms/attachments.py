"""Optional files: checked and put in the pending area as soon as they arrive."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from evidence.submissions.forms.base import QuestionPage
from evidence.submissions.uploads import ACCEPTED_TYPES, check_upload


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFiles(forms.Field):
    """The files chosen in one go; each is checked in the form, so each error can name its file."""

    widget = MultipleFileInput

    def clean(self, value: Any) -> list[UploadedFile]:
        return list(value or [])


class AttachmentsForm(QuestionPage, forms.Form):
    # The form's metaclass takes declared fields out of the class: self.files stays the uploads.
    files = MultipleFiles(  # type: ignore[assignment]
        required=False,
        label="Upload files",
        help_text=f"{ACCEPTED_TYPES}. You can choose several at once.",
    )

    def __init__(self, *args: Any, files_so_far: int = 0, **kwargs: Any) -> None:
        self.files_so_far = files_so_far
        self.accepted: list[tuple[UploadedFile, str]] = []
        super().__init__(*args, **kwargs)

    def clean_files(self) -> list[UploadedFile]:
        """Keeps every acceptable file, and reports each refused one by name.

        When the virus scanner is down the files after it are not tried: each would wait for its
        timeout, and the one message already says to try again later.
        """
        errors: list[ValidationError] = []
        for uploaded in self.cleaned_data["files"]:
            try:
                content_type = check_upload(uploaded, files_so_far=self.files_so_far + len(self.accepted))
            except ValidationError as error:
                errors.append(error)
                if error.code == "scanner_down":
                    break
            else:
                self.accepted.append((uploaded, content_type))
        if errors:
            raise ValidationError(errors)
        return self.cleaned_data["files"]
