"""Theme suggestions on the submission page and list: accept or reject with one button, and the filter
"suggested but not chosen". The rules are in ``evidence.triage.suggestions``."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse

from evidence.admin.access import staff_member
from evidence.admin.filters import THEME_SHORT_NAMES, StaffThemes
from evidence.models import Submission, ThemeSuggestion
from evidence.triage.suggestions import decide_suggestion, open_suggestions

DECISIONS = {"accept": True, "reject": False}


def suggestion_rows(submission: Submission) -> list[dict[str, Any]]:
    """The open suggestions, best first, with the URLs their buttons post to."""
    return [
        {
            "theme": suggestion.theme.name,
            "confidence": round(suggestion.confidence * 100),
            "accept_url": reverse(
                "admin:evidence_submission_suggestion", args=[submission.pk, suggestion.pk, "accept"]
            ),
            "reject_url": reverse(
                "admin:evidence_submission_suggestion", args=[submission.pk, suggestion.pk, "reject"]
            ),
        }
        for suggestion in open_suggestions(submission)
    ]


def suggestion_urls(model_admin: admin.ModelAdmin[Submission]) -> list[URLPattern]:
    def view(request: HttpRequest, submission_id: int, suggestion_id: int, decision: str) -> HttpResponse:
        return decide_view(model_admin, request, submission_id, suggestion_id, decision)

    return [
        path(
            "<int:submission_id>/suggestions/<int:suggestion_id>/<str:decision>/",
            model_admin.admin_site.admin_view(view),
            name="evidence_submission_suggestion",
        )
    ]


def decide_view(
    model_admin: admin.ModelAdmin[Submission],
    request: HttpRequest,
    submission_id: int,
    suggestion_id: int,
    decision: str,
) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if decision not in DECISIONS or not model_admin.has_change_permission(request):
        raise PermissionDenied
    decided = decide_suggestion(
        submission_id=submission_id,
        suggestion_id=suggestion_id,
        accept=DECISIONS[decision],
        by=staff_member(request),
    )
    if decided is None:
        model_admin.message_user(request, "That suggestion has already been decided.", messages.WARNING)
    elif DECISIONS[decision]:
        model_admin.message_user(request, f"Added {decided.theme.name} as a staff theme.", messages.SUCCESS)
    else:
        model_admin.message_user(request, f"Rejected the suggestion {decided.theme.name}.", messages.SUCCESS)
    return HttpResponseRedirect(reverse("admin:evidence_submission_change", args=[submission_id]))


class SuggestedNotChosenFilter(admin.SimpleListFilter):
    """An open suggestion: the model thinks the submission is about a theme nobody has chosen yet."""

    title = "suggested but not chosen"
    parameter_name = "suggested"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(slug, f"suggested but not chosen: {name}") for slug, name in THEME_SHORT_NAMES.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
        if self.value() not in THEME_SHORT_NAMES:
            return queryset
        suggested = ThemeSuggestion.objects.filter(
            submission=OuterRef("pk"), theme__slug=self.value(), state=ThemeSuggestion.State.OPEN
        )
        added = StaffThemes.objects.filter(submission=OuterRef("pk"), theme__slug=self.value())
        return queryset.filter(Exists(suggested) & ~Exists(added))
