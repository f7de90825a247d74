"""Bulk actions on the submission list: each calls a triage service and says how many changed."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse

from evidence.admin.access import staff_member
from evidence.admin.downloads import export_response
from evidence.admin.exports import export_in_worker
from evidence.admin.querysets import submission_queryset
from evidence.choices import Priority, Status
from evidence.models import Submission
from evidence.triage import changes
from evidence.triage.access import education_team_members
from evidence.triage.export_files import is_long

SubmissionModelAdmin = admin.ModelAdmin[Submission]
Action = Callable[[SubmissionModelAdmin, HttpRequest, QuerySet[Submission]], None]


def _plural(count: int) -> str:
    return f"{count} submission{'' if count == 1 else 's'}"


def _report(
    model_admin: SubmissionModelAdmin, request: HttpRequest, count: int, total: int, done: str
) -> None:
    unchanged = total - count
    message = f"{_plural(count)} {done}."
    if unchanged:
        message += f" {unchanged} already so, left as they were."
    model_admin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Assign to me", permissions=["change"])
def assign_to_me(
    model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
) -> None:
    total = queryset.count()
    me = staff_member(request)
    count = changes.assign(submissions=queryset, assignee=me, by=me)
    _report(model_admin, request, count, total, "assigned to you")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=education_team_members(),
        required=False,
        empty_label="Nobody (unassign)",
        help_text="Only members of the Education Team can be assigned evidence.",
    )


@admin.action(description="Assign to someone…", permissions=["change"])
def assign_to_someone(
    model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
) -> TemplateResponse | None:
    """An intermediate page: choose the person, then apply."""
    if "apply" in request.POST:
        form = AssignForm(request.POST)
        if form.is_valid():
            assignee = form.cleaned_data["assignee"]
            total = queryset.count()
            count = changes.assign(submissions=queryset, assignee=assignee, by=staff_member(request))
            who = (assignee.get_full_name() or assignee.get_username()) if assignee else "nobody"
            _report(model_admin, request, count, total, f"assigned to {who}")
            return None
    else:
        form = AssignForm()
    count = queryset.count()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Assign submissions",
        "opts": model_admin.model._meta,
        "form": form,
        "submissions": queryset[:50],
        "count": count,
        "more": max(count - 50, 0),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action": "assign_to_someone",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/evidence/submission/assign.html", context)


def _status_action(status: Status) -> Action:
    @admin.action(description=f"Set status: {status.label.lower()}", permissions=["change"])
    def action(
        model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
    ) -> None:
        total = queryset.count()
        count = changes.set_status(submissions=queryset, status=status, by=staff_member(request))
        _report(model_admin, request, count, total, f"set to “{status.label.lower()}”")

    action.__name__ = f"set_status_{status.value.replace('-', '_')}"
    return action


def _priority_action(priority: Priority) -> Action:
    @admin.action(description=f"Set priority: {priority.label.lower()}", permissions=["change"])
    def action(
        model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
    ) -> None:
        total = queryset.count()
        count = changes.set_priority(submissions=queryset, priority=priority, by=staff_member(request))
        _report(model_admin, request, count, total, f"set to {priority.label.lower()} priority")

    action.__name__ = f"set_priority_{priority.label.lower()}"
    return action


@admin.action(description="Mark as spam", permissions=["change"])
def mark_spam(
    model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
) -> None:
    total = queryset.count()
    count = changes.mark_spam(submissions=queryset, by=staff_member(request))
    _report(model_admin, request, count, total, "marked as spam")


@admin.action(description="Export selected (CSV)", permissions=["export"])
def export_selected(
    model_admin: SubmissionModelAdmin, request: HttpRequest, queryset: QuerySet[Submission]
) -> HttpResponseBase:
    filters = request.GET.urlencode()
    all_matching = request.POST.get("select_across") == "1"
    # "All matching" is the list on screen, up to a million rows: past the in-request limit the worker
    # writes it, as for the list's own Export button (the worker replays the same query string).
    limit = settings.EVIDENCE_EXPORT_IN_REQUEST_ROWS
    if all_matching and is_long(submission_queryset(queryset), limit=limit):
        return export_in_worker(request, filters=filters)
    selection = "all matching" if all_matching else "selected"
    return export_response(request, queryset, filters=f"{selection}: {filters}" if filters else selection)


STATUS_ACTIONS = [_status_action(status) for status in Status if status != Status.SPAM]
PRIORITY_ACTIONS = [_priority_action(priority) for priority in reversed(Priority)]
ACTIONS = [assign_to_me, assign_to_someone, *STATUS_ACTIONS, *PRIORITY_ACTIONS, mark_spam, export_selected]
