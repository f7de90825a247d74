"""The Education Team's quote pages: select a passage of a member's words, edit it, approve it.

The rules are in ``evidence.publishing.quotes``. Each page that shows a member's words is recorded as
opening the submission (``audit.record_view``), as the submission page is; each action is recorded by
the service. Works without JavaScript: the passage is pasted (or typed) into a box and checked against
the member's words; with it, words selected on the page are copied into the box
(static/js/quote-selection.js).
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from evidence.admin.access import EducationTeamOnly, staff_member
from evidence.models import Quote, Submission, Theme
from evidence.models.quotes import EXPERIENCE
from evidence.privacy import audit
from evidence.publishing.quotes import (
    QuoteRefused,
    approve_quote,
    check_quotable,
    edit_quote,
    member_words,
    needs_approval,
    remove_quote,
    select_quote,
)
from evidence.publishing.redaction import highlighted, suggest_redactions


class SelectForm(forms.Form):
    source = forms.ChoiceField(
        label="Which of the member's words",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which of the member's words the passage comes from"},
    )
    passage = forms.CharField(
        label="The passage to quote",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Copy the words from the member's text above and paste them here, exactly as written.",
        error_messages={"required": "Enter the passage to quote"},
    )

    def __init__(self, *args: Any, sources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = sources


class EditForm(forms.Form):
    text = forms.CharField(
        label="The quote as it will be published",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Remove or replace anything that could identify a person, a school or a small authority.",
        error_messages={"required": "Enter the words to quote"},
    )


def status(quote: Quote) -> str:
    if quote.approved_at is None:
        return "Draft: not approved"
    if needs_approval(quote):
        return "Approved once: needs a second approval"
    return "Approved"


@admin.register(Quote)
class QuoteAdmin(EducationTeamOnly, admin.ModelAdmin[Quote]):
    list_display = ("__str__", "reference", "quote_status", "created_by", "created_at", "approved_by")
    list_select_related = ("submission", "created_by", "approved_by")
    ordering = ("-created_at", "-id")

    @admin.display(description="submission")
    def reference(self, obj: Quote) -> str:
        return obj.submission.reference

    @admin.display(description="status")
    def quote_status(self, obj: Quote) -> str:
        return status(obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # selected from a submission's page

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("select/<int:submission_id>/", view(self.select_view), name="evidence_quote_select"),
            *super().get_urls(),
        ]

    def _sources(self, submission: Submission) -> list[tuple[str, str, str]]:
        names = dict(Theme.objects.values_list("slug", "name"))
        return [
            (
                source,
                "Their own words" if source == EXPERIENCE else f"Details: {names.get(source, source)}",
                words,
            )
            for source, words in member_words(submission).items()
        ]

    def select_view(self, request: HttpRequest, submission_id: int) -> HttpResponse:
        submission = get_object_or_404(Submission.objects.prefetch_related("themes"), pk=submission_id)
        if not self.has_change_permission(request):
            raise PermissionDenied
        by = staff_member(request)
        submission_url = reverse("admin:evidence_submission_change", args=[submission.pk])
        sources = self._sources(submission)
        form = SelectForm(request.POST or None, sources=[(s, label) for s, label, _ in sources])
        refused = ""
        try:
            check_quotable(submission)
        except QuoteRefused as error:
            refused = str(error)
        if request.method == "POST" and not refused and form.is_valid():
            try:
                quote = select_quote(
                    submission=submission,
                    source=form.cleaned_data["source"],
                    passage=form.cleaned_data["passage"],
                    by=by,
                )
            except QuoteRefused as error:
                form.add_error("passage", str(error))
            else:
                self.message_user(request, "Passage selected. Edit it, then approve it.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:evidence_quote_change", args=[quote.pk]))
        if request.method == "GET":
            audit.record_view(by=by.get_username(), submission=submission)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Select a passage to quote: {submission.reference}",
            "opts": Quote._meta,
            "submission": submission,
            "submission_url": submission_url,
            "refused": refused,
            "form": form,
            "sources": [
                {"source": source, "label": label, "words": highlighted(words, member_name=submission.name)}
                for source, label, words in sources
            ],
        }
        return TemplateResponse(
            request, "admin/evidence/quote/select.html", context, status=400 if form.errors else 200
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The quote's own page: the passage and the edited words with suggested redactions, edit, approve."""
        quote = get_object_or_404(
            Quote.objects.select_related("submission", "approved_by", "created_by"), pk=object_id
        )
        if not self.has_change_permission(request, quote):
            raise PermissionDenied
        by = staff_member(request)
        form = EditForm(request.POST or None, initial={"text": quote.text})
        if request.method == "POST":
            done = self._act(request, quote, form)
            if done is not None:
                return done
        else:
            audit.record_view(by=by.get_username(), submission=quote.submission)
        name = quote.submission.name
        context = {
            **self.admin_site.each_context(request),
            "title": f"Quote from {quote.submission.reference}",
            "opts": Quote._meta,
            "quote": quote,
            "status": status(quote),
            "needs_approval": needs_approval(quote),
            "submission_url": reverse("admin:evidence_submission_change", args=[quote.submission.pk]),
            "passage": highlighted(quote.passage, member_name=name),
            "text": highlighted(quote.text, member_name=name),
            "suggestions": len(suggest_redactions(quote.text, member_name=name)),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/evidence/quote/review.html", context, status=400 if form.errors else 200
        )

    def _act(self, request: HttpRequest, quote: Quote, form: EditForm) -> HttpResponse | None:
        """Save, approve or remove; a redirect when done, None to show the page again with the errors."""
        by, page = staff_member(request), reverse("admin:evidence_quote_change", args=[quote.pk])
        try:
            if "remove" in request.POST:
                remove_quote(quote=quote, by=by)
                self.message_user(request, "Quote removed.", messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:evidence_submission_change", args=[quote.submission_id])
                )
            if not form.is_valid():
                return None
            quote = edit_quote(quote=quote, text=form.cleaned_data["text"], by=by)
            if "approve" in request.POST:
                approve_quote(quote=quote, by=by)
                self.message_user(request, "Quote approved.", messages.SUCCESS)
            else:
                self.message_user(request, "Quote saved. It is not approved yet.", messages.SUCCESS)
        except QuoteRefused as error:
            form.add_error("text", str(error))
            return None
        return HttpResponseRedirect(page)
