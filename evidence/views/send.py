"""Check your answers, send, and the confirmation only the member who sent it sees."""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from evidence.models.submission import new_reference
from evidence.submissions.check_answers import check_journey
from evidence.submissions.create import submission_create
from evidence.submissions.journey import Journey, sent_reference
from evidence.submissions.save_return import mark_used
from evidence.submissions.steps import CHECK
from evidence.views.check_summary import sections_html
from evidence.views.journey import back_url, journey_step, step_url
from nasuwt_send.client_address import rate_limit_key

log = logging.getLogger(__name__)


def submit_rate(group: str, request: HttpRequest) -> str:
    """Read per request, so the operator's setting (or a test's) applies without a restart."""
    return settings.EVIDENCE_RATE_LIMIT


@ratelimit(key=rate_limit_key, rate=submit_rate, method="POST", block=True)
@journey_step(CHECK)
def check_answers(request: HttpRequest, journey: Journey) -> HttpResponse:
    result = check_journey(journey, read_back=request.method != "POST")
    if result.draft is None:
        return redirect(step_url(result.first_problem or journey.first_unsaved(), changing=True))

    if request.method == "POST":
        if journey.caught_by_honeypot:
            # It looks sent to whoever filled the honeypot; nothing is saved, the files are deleted.
            journey.discard_files()
            journey.finish(new_reference())
        else:
            submission = submission_create(draft=result.draft)
            journey.finish(submission.reference)
        if journey.was_saved:
            mark_used(journey_key=journey.key)
        return redirect("evidence:sent")

    return render(
        request,
        "evidence/check_answers.html",
        {
            "sections_html": sections_html(result.sections),
            "title": "Check your answers before sending your evidence",
            "back_url": back_url(journey.previous_step(CHECK)),
        },
    )


@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    reference = sent_reference(request.session)
    if reference is None:
        return redirect("evidence:call_for_evidence")
    return render(request, "evidence/sent.html", {"reference": reference})
