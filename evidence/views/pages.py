"""The call for evidence and one page per theme."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from evidence.models import Theme


def call_for_evidence(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evidence/call_for_evidence.html",
        {"themes": Theme.objects.all(), "max_files": settings.EVIDENCE_MAX_FILES},
    )


def theme(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    return render(
        request,
        "evidence/theme.html",
        {
            "theme": theme,
            "related_questions": theme.related_questions.order_by("number"),
            "themes": Theme.objects.all(),
        },
    )
