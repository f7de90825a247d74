"""Bulk actions on the submission list: each calls a triage service and says how many changed."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from evidence.admin.downloads import export_response
from evidence.choices import Priority, Status
from evidence.triage import changes
from evidence.triage.access import education_team_members


def _plural(count: int) -> str:
    return f"{count} submission{'' if count == 1 else 's'}"


def _report(model_admin, request, count: int, total: int, done: str) -> None:
    unchanged = total - count
    message = f"{_plural(count)} {done}."
    if unchanged:
        message += f" {unchanged} already so, left as they were."
    model_admin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Assign to me", permissions=["change"])
def assign_to_me(model_admin, request, queryset):
    total = queryset.count()
    count = changes.assign(submissions=queryset, assignee=request.user, by=request.user)
    _report(model_admin, request, count, total, "assigned to you")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=education_team_members(),
        required=False,
        empty_label="Nobody (unassign)",
        help_text="Only members of the Education Team can be assigned evidence.",
    )


@admin.action(description="Assign to someone…", permissions=["change"])
def assign_to_someone(model_admin, request, queryset):
    """An intermediate page: choose the person, then apply."""
    if "apply" in request.POST:
        form = AssignForm(request.POST)
        if form.is_valid():
            assignee = form.cleaned_data["assignee"]
            total = queryset.count()
            count = changes.assign(submissions=queryset, assignee=assignee, by=request.user)
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


def _status_action(status: Status):
    @admin.action(description=f"Set status: {status.label.lower()}", permissions=["change"])
    def action(model_admin, request, queryset):
        total = queryset.count()
        count = changes.set_status(submissions=queryset, status=status, by=request.user)
        _report(model_admin, request, count, total, f"set to “{status.label.lower()}”")

    action.__name__ = f"set_status_{status.value.replace('-', '_')}"
    return action


def _priority_action(priority: Priority):
    @admin.action(description=f"Set priority: {priority.label.lower()}", permissions=["change"])
    def action(model_admin, request, queryset):
        total = queryset.count()
        count = changes.set_priority(submissions=queryset, priority=priority, by=request.user)
        _report(model_admin, request, count, total, f"set to {priority.label.lower()} priority")

    action.__name__ = f"set_priority_{priority.label.lower()}"
    return action


@admin.action(description="Mark as spam", permissions=["change"])
def mark_spam(model_admin, request, queryset):
    total = queryset.count()
    count = changes.mark_spam(submissions=queryset, by=request.user)
    _report(model_admin, request, count, total, "marked as spam")


@admin.action(description="Export selected (CSV)", permissions=["export"])
def export_selected(model_admin, request, queryset):
    filters = request.GET.urlencode()
    selection = "all matching" if request.POST.get("select_across") == "1" else "selected"
    return export_response(request, queryset, filters=f"{selection}: {filters}" if filters else selection)


STATUS_ACTIONS = [_status_action(status) for status in Status if status != Status.SPAM]
PRIORITY_ACTIONS = [_priority_action(priority) for priority in reversed(Priority)]
ACTIONS = [assign_to_me, assign_to_someone, *STATUS_ACTIONS, *PRIORITY_ACTIONS, mark_spam, export_selected]
