"""Save and come back later: the email page, its confirmation, and the link's page.

The rules are in ``evidence.submissions.save_return``; these views only ask and answer.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from evidence.models import SavedForm
from evidence.submissions.forms.save_return import SaveForLaterForm
from evidence.submissions.journey import Journey
from evidence.submissions.save_return import (
    contact_email,
    continue_saved_form,
    find_saved_form,
    save_for_later,
)
from evidence.submissions.steps import CHECK
from evidence.views.journey import step_url
from evidence.views.limits import count_save_return_email

SAVE_ACTION = "save"


def saved_step(request: HttpRequest, journey: Journey) -> str:
    """The step to reopen: the one the member saved from, if they may be there, or the first to do."""
    step = request.GET.get("step", "")
    if step == CHECK or (step in journey.steps() and journey.can_visit(step)):
        return step
    return journey.first_unsaved()


@never_cache
def save(request: HttpRequest) -> HttpResponse:
    journey = Journey.resume(request.session)
    if journey is None:
        return redirect("evidence:start")
    step = saved_step(request, journey)
    if request.method == "POST":
        form = SaveForLaterForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            count_save_return_email(request, email)
            save_for_later(journey=journey, email=email, step=step)
            return redirect("evidence:saved")
    else:
        form = SaveForLaterForm(initial={"email": contact_email(journey)})
    return render(
        request,
        "evidence/save_return/save.html",
        {
            "form": form,
            "back_url": step_url(step),
            "action_url": request.get_full_path(),
            "save_return_days": settings.SAVE_RETURN_DAYS,
        },
    )


@never_cache
def saved(request: HttpRequest) -> HttpResponse:
    journey = Journey.resume(request.session)
    saved_id = journey.state.get("saved_form") if journey else None
    saved_form = SavedForm.objects.filter(pk=saved_id).first() if saved_id else None
    if journey is None or saved_form is None or not saved_form.is_open:
        return redirect("evidence:start")
    return render(
        request,
        "evidence/save_return/saved.html",
        {"saved_form": saved_form, "continue_url": step_url(saved_form.step)},
    )


@never_cache
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a "Continue" button only (a mail scanner opening the link changes nothing)."""
    saved_form = find_saved_form(token=token)
    if saved_form is None or not saved_form.is_open:
        return _closed(request, saved_form)
    if request.method == "POST":
        journey = continue_saved_form(token=token, session=request.session)
        if journey is None:
            return _closed(request, find_saved_form(token=token))
        return redirect(step_url(saved_form.step))
    return render(request, "evidence/save_return/continue.html", {"saved_form": saved_form})


def _closed(request: HttpRequest, saved_form: SavedForm | None) -> HttpResponse:
    reason = "expired" if saved_form is None or saved_form.expired else saved_form.status
    return render(
        request,
        "evidence/save_return/closed.html",
        {"reason": reason, "saved_form": saved_form, "save_return_days": settings.SAVE_RETURN_DAYS},
        status=410,
    )
