"""The question pages of "Send evidence": one URL per step, state in the session, no JavaScript needed.

Each page posts to itself; a valid answer is kept in the session and the member is redirected to the
next step (or, when they came from check-your-answers to change something, back there once nothing
new needs answering).
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.cache import never_cache

from evidence.models import Theme
from evidence.submissions.forms import AttachmentsForm, QuestionPage
from evidence.submissions.forms.reference_lists import theme_names
from evidence.submissions.forms.rendered_once import blank_html
from evidence.submissions.journey import Journey, sent_reference
from evidence.submissions.step_forms import step_form
from evidence.submissions.steps import (
    ABOUT,
    ATTACHMENTS,
    CHECK,
    CONTACT,
    EXPERIENCE,
    QUESTION_STEPS,
    THEME_STEPS,
    THEMES,
    StepData,
)
from evidence.submissions.uploads import ACCEPT, discard_pending, store_pending
from evidence.views.kept_pages import kept_page
from evidence.views.limits import count_journey_start, count_uploads
from nasuwt_send.kept_urls import kept_reverse

log = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"

TITLES = {
    ABOUT: "About you",
    THEMES: "What do you want to tell us about?",
    EXPERIENCE: "Your experience in your own words",
    ATTACHMENTS: "Attach files (optional)",
    CONTACT: "Your contact details (optional)",
}
# Pages whose one question is the page's heading (its legend or label is the <h1>).
HEADING_IS_QUESTION = {THEMES, EXPERIENCE}
INTRO_TEMPLATES = {
    ABOUT: "evidence/intro/about.html",
    CONTACT: "evidence/intro/contact.html",
    Theme.SV_DBV: "evidence/intro/sv_dbv.html",
}


def step_url(step: str, *, changing: bool = False) -> str:
    if step == CHECK:
        url = kept_reverse("evidence:check_answers")
    elif step == ATTACHMENTS:
        url = kept_reverse("evidence:attachments")
    else:
        url = kept_reverse("evidence:step", step)
    return url + "?change=1" if changing and step != CHECK else url


def back_url(previous: str | None) -> str:
    """Where "Back" goes: the step before, or (before the first step) the call for evidence."""
    return step_url(previous) if previous else kept_reverse("evidence:call_for_evidence")


JourneyView = Callable[..., HttpResponse]


def journey_step(step: str | None = None) -> Callable[[JourneyView], JourneyView]:
    """The preamble of every page of the journey: the view is called with the member's journey.

    With no journey the member goes back to its start (a second "Send" after the first one went, to
    the confirmation). A question page they have not reached yet sends them to the first one still
    unanswered; check your answers checks every step itself. ``step=None`` takes the step from the URL.
    """

    def decorator(view: JourneyView) -> JourneyView:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            name = step or kwargs["step"]
            journey = Journey.resume(request.session)
            if journey is None:
                if name == CHECK and request.method == "POST" and sent_reference(request.session):
                    return redirect("evidence:sent")
                return redirect("evidence:start")
            if name != CHECK and not journey.can_visit(name):
                return redirect(step_url(journey.first_unsaved()))
            return view(request, journey, *args, **kwargs)

        return never_cache(wrapper)

    return decorator


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    """Starts a journey, or picks up the one in progress where the member left it."""
    journey = Journey.resume(request.session)
    if journey is None:
        count_journey_start(request)
        journey = Journey.begin(request.session)
    return redirect(step_url(journey.first_unsaved()))


def step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in QUESTION_STEPS:
        raise Http404("No such step")
    return _question_page(request, step=step)


@journey_step()
def _question_page(request: HttpRequest, journey: Journey, *, step: str) -> HttpResponse:
    changing = request.GET.get("change") == "1"

    if request.method == "POST" and request.POST.get("action") == "save":
        return _save_for_later(request, journey, step, form_data(request))
    if request.method == "POST":
        form = step_form(step, journey, data=request.POST)
        if form.is_valid():
            _check_honeypot(request, journey)
            journey.save(step, form.stored_data())
            return redirect(step_url(journey.next_step(step, changing=changing), changing=changing))
    elif (draft := journey.draft(step)) is not None:
        # Saved from this step with what was typed then: shown as typed, with its errors if any.
        form = step_form(step, journey, data=MultiValueDict(draft))
    else:
        form = step_form(step, journey)
    context = _page_context(request, journey, step, form, changing)
    return kept_page(request, "evidence/step.html", context) or render(request, "evidence/step.html", context)


@journey_step(ATTACHMENTS)
def attachments(request: HttpRequest, journey: Journey) -> HttpResponse:
    """Files are kept as soon as they arrive; "Remove" and "Upload" stay on this page."""
    changing = request.GET.get("change") == "1"
    form = AttachmentsForm(files_so_far=len(journey.uploads))

    if request.method == "POST" and request.POST.get("action") == "save":
        return _save_for_later(request, journey, ATTACHMENTS, {})
    if request.method == "POST":
        if "remove" in request.POST:
            removed = journey.remove_upload(request.POST["remove"])
            if removed is not None:
                discard_pending(journey.key, removed)
                messages.success(request, f"{removed.original_name} removed")
            return redirect(step_url(ATTACHMENTS, changing=changing))
        count_uploads(request, request.FILES.getlist("files"))
        form = AttachmentsForm(request.POST, request.FILES, files_so_far=len(journey.uploads))
        valid = form.is_valid()
        added = [store_pending(journey.key, uploaded, kind) for uploaded, kind in form.accepted]
        for upload in added:
            journey.add_upload(upload)
        _check_honeypot(request, journey)
        if valid and request.POST.get("action") != "upload":
            journey.save(ATTACHMENTS, {})
            return redirect(step_url(journey.next_step(ATTACHMENTS, changing=changing), changing=changing))
        # This page again (after a redirect, or with errors): it names each file that arrived.
        for upload in added:
            messages.success(request, f"{upload.original_name} added")
        if valid:
            return redirect(step_url(ATTACHMENTS, changing=changing))

    context = _page_context(request, journey, ATTACHMENTS, form, changing)
    context["uploads"] = journey.uploads
    context["max_file_size"] = filesizeformat(settings.EVIDENCE_MAX_FILE_BYTES)
    context["accept"] = ACCEPT
    return render(request, "evidence/attachments.html", context)


def form_data(request: HttpRequest) -> StepData:
    """What the member typed on a step, as the session keeps answers, without the page's own fields."""
    skipped = {"csrfmiddlewaretoken", "action", HONEYPOT_FIELD}
    return {name: values for name, values in request.POST.lists() if name not in skipped}


def _save_for_later(request: HttpRequest, journey: Journey, step: str, data: StepData) -> HttpResponse:
    """ "Save and come back later": keep what was typed, valid or not, then ask where to send the link."""
    _check_honeypot(request, journey)
    journey.keep_draft(step, data)
    return redirect(f"{reverse('evidence:save')}?step={step}")


def _check_honeypot(request: HttpRequest, journey: Journey) -> None:
    """A filled honeypot lets the journey carry on as normal, but nothing it sends will be saved."""
    if request.POST.get(HONEYPOT_FIELD) and not journey.caught_by_honeypot:
        log.info("Evidence journey caught by the honeypot; it will not be saved.")
        journey.flag_honeypot()


def _page_context(
    request: HttpRequest, journey: Journey, step: str, form: QuestionPage, changing: bool
) -> dict[str, Any]:
    if step in THEME_STEPS:
        name = theme_names()[step]
        number, count = journey.theme_position(step)
        title, caption = name, f"Theme {number} of {count}"
        # Not the theme's name alone: that is the title of the theme's information page.
        page_title = f"{name} (theme {number} of {count})"
    else:
        title, caption = TITLES[step], "Send evidence"
        page_title = title
    previous = CHECK if changing else journey.previous_step(step)
    return {
        "form": form,
        "form_html": blank_html(form),  # a blank "About you" page: rendered once per process
        "step": step,
        "title": title,
        "page_title": page_title,
        "caption": caption,
        "heading_is_question": step in HEADING_IS_QUESTION,
        "intro_template": INTRO_TEMPLATES.get(step),
        "back_url": back_url(previous),
        "action_url": request.get_full_path(),
        "honeypot_field": HONEYPOT_FIELD,
        "max_files": settings.EVIDENCE_MAX_FILES,
    }
