"""The call for evidence and one page per theme.

Both are the same for every anonymous visitor (no form, so no CSRF token; nothing from the session),
so they are served from the public page cache (``consultation.page_cache``); a theme saved or its
questions changed retires them (``evidence.question_panels``), as it does the question pages.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from consultation.page_cache import cache_public_page
from evidence.models import Theme


@cache_public_page
def call_for_evidence(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evidence/call_for_evidence.html",
        {"themes": Theme.objects.all(), "max_files": settings.EVIDENCE_MAX_FILES},
    )


@cache_public_page
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
