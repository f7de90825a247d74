"""Correcting a member's contact details and consents, on its own page beside the submission's.

A page of its own rather than fields on the submission's form: the submission page shows the member's
evidence as they gave it and edits triage only, so a correction is a deliberate act, made on a member's
request, and cannot ride along with a change of status
(docs/decisions/0028-corrections-keep-no-earlier-value.md). The rules are in
``evidence.privacy.corrections``.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from evidence.admin.access import staff_member
from evidence.models import Submission
from evidence.privacy.corrections import ContactCorrection, correct_contact_details

FIELD_NAMES = {
    "name": "name",
    "email": "email address",
    "membership_number": "membership number",
    "consent_to_contact": "consent to be contacted",
    "consent_to_quote": "consent to be quoted",
}


class CorrectionForm(forms.Form):
    name = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    email = forms.EmailField(
        required=False,
        label="Email address",
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    membership_number = forms.CharField(
        required=False,
        max_length=30,
        error_messages={"max_length": "Membership number must be 30 characters or fewer"},
    )
    consent_to_contact = forms.BooleanField(
        required=False,
        label="The member agrees that the Education Team may contact them about their evidence",
    )
    consent_to_quote = forms.BooleanField(
        required=False,
        label="The member agrees to be quoted without their name or anything that identifies them",
        help_text="Untick to withdraw their consent: from then on nothing they sent is quoted.",
    )


def correction_view(
    model_admin: admin.ModelAdmin[Submission], request: HttpRequest, submission_id: int
) -> HttpResponse:
    submission = get_object_or_404(Submission, pk=submission_id)
    if not model_admin.has_change_permission(request, submission):
        raise PermissionDenied
    page = reverse("admin:evidence_submission_change", args=[submission.pk])
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                changed = correct_contact_details(
                    submission=submission,
                    correction=ContactCorrection(**form.cleaned_data),
                    by=staff_member(request),
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                done = ", ".join(FIELD_NAMES[field] for field in changed)
                message = f"Corrected the {done}." if changed else "Nothing was changed."
                model_admin.message_user(request, message, messages.SUCCESS if changed else messages.INFO)
                return HttpResponseRedirect(page)
    else:
        form = CorrectionForm(initial={field: getattr(submission, field) for field in FIELD_NAMES})
    context: dict[str, Any] = {
        **model_admin.admin_site.each_context(request),
        "title": f"Correct contact details and consents: {submission.reference}",
        "opts": Submission._meta,
        "original": submission,
        "submission_url": page,
        "form": form,
    }
    return TemplateResponse(request, "admin/evidence/submission/correct.html", context)
