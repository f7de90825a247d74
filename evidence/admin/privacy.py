"""The privacy actions on the submission list: restrict processing, lift it, and erase for good.

Restricting is the Education Team's (the change permission); erasing needs ``can_erase`` (superusers,
and the Data protection group inside the Education Team), asked through ``has_erase_permission`` on the
submission admin. Each calls one service of ``evidence.privacy`` and says how many changed.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from evidence.admin.access import staff_member
from evidence.models import Submission
from evidence.privacy import restriction
from evidence.privacy.erasure import erase_submissions

SubmissionModelAdmin = admin.ModelAdmin[Submission]
SHOWN = 50


def _plural(count: int) -> str:
    return f"{count} submission{'' if count == 1 else 's'}"


@admin.action(description="Restrict processing of selected", permissions=["change"])
def restrict_selected(
    model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
) -> None:
    total = queryset.count()
    count = restriction.restrict(submissions=queryset, by=staff_member(request))
    message = f"{_plural(count)} restricted: left out of figures, exports and the digest until lifted."
    if total - count:
        message += f" {total - count} already restricted, left as they were."
    model_admin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Lift the restriction on selected", permissions=["change"])
def lift_restriction_selected(
    model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
) -> None:
    total = queryset.count()
    count = restriction.lift_restriction(submissions=queryset, by=staff_member(request))
    message = f"Restriction lifted on {_plural(count)}."
    if total - count:
        message += f" {total - count} not restricted, left as they were."
    model_admin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Erase selected submissions…", permissions=["erase"])
def erase_selected(
    model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
) -> TemplateResponse | None:
    """A confirmation page first, warning that it cannot be undone; then erase."""
    if request.POST.get("confirm") == "yes":
        erased = erase_submissions(submissions=queryset, actor=staff_member(request).get_username())
        model_admin.message_user(
            request,
            f"{_plural(erased.count)} erased, with {erased.files} file{'s' * (erased.files != 1)}. "
            "This cannot be undone.",
            messages.SUCCESS,
        )
        return None
    count = queryset.count()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Erase submissions for good?",
        "opts": model_admin.model._meta,
        "references": list(
            queryset.order_by("received_at", "pk").values_list("reference", flat=True)[:SHOWN]
        ),
        "count": count,
        "more": max(count - SHOWN, 0),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action": "erase_selected",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/evidence/submission/erase.html", context)


PRIVACY_ACTIONS = [restrict_selected, lift_restriction_selected, erase_selected]
