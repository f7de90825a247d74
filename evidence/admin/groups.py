"""Near-duplicate groups in the admin: the list's group size column and filter, the group's own page
(its members, and marking it a campaign), and the submission page's comparison with its group.

Who: the Education Team and superusers (``EducationTeamOnly``); anyone else is refused.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from evidence.admin.access import EducationTeamOnly, staff_member
from evidence.analysis import campaigns
from evidence.analysis.differences import GroupComparison, compare_with_group
from evidence.models import NearDuplicateGroup, Submission, SubmissionQuerySet, group_size
from evidence.privacy import audit

IN_A_GROUP, CAMPAIGN = "any", "campaign"


def with_group_size(queryset: SubmissionQuerySet) -> SubmissionQuerySet:
    return queryset.annotate(group_total=group_size())


def group_list_url(group_id: int) -> str:
    return f"{reverse('admin:evidence_submission_changelist')}?group={group_id}"


class GroupFilter(admin.SimpleListFilter):
    """In a near-duplicate group, in a campaign group, or in one group (the group page's link)."""

    title = "near-duplicate group"
    parameter_name = "group"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(IN_A_GROUP, "In a group"), (CAMPAIGN, "In a campaign group")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
        value = self.value()
        if value == IN_A_GROUP:
            return queryset.filter(signature__group__isnull=False)
        if value == CAMPAIGN:
            return queryset.filter(signature__group__is_campaign=True)
        if value and value.isdigit():
            return queryset.filter(signature__group_id=int(value))
        return queryset


class GroupColumns:
    """Mixed into the submission admin: the list's "group" column."""

    @admin.display(description="group size", ordering="group_total")
    def group_size(self, obj: Submission) -> str:
        total = getattr(obj, "group_total", None)
        return str(total) if total else "–"


def group_context(request: HttpRequest, submission: Submission) -> dict[str, Any]:
    """The submission page's group section; the others' words shown are recorded as opened."""
    comparison: GroupComparison | None = compare_with_group(submission)
    if comparison is None:
        return {"group": None}
    by = staff_member(request).get_username()
    for neighbour in comparison.neighbours:
        audit.record_view(by=by, submission=Submission(reference=neighbour.reference))
    return {
        "group": comparison,
        "group_page_url": reverse("admin:evidence_nearduplicategroup_change", args=[comparison.group_id]),
        "group_list_url": group_list_url(comparison.group_id),
        "group_neighbours": [
            (n, reverse("admin:evidence_submission_change", args=[n.id])) for n in comparison.neighbours
        ],
    }


@admin.register(NearDuplicateGroup)
class NearDuplicateGroupAdmin(EducationTeamOnly, admin.ModelAdmin[NearDuplicateGroup]):
    list_display = ("__str__", "size", "is_campaign", "created_at", "marked_by")
    list_filter = ("is_campaign",)
    fields = ("is_campaign", "members_list", "marked_by", "marked_at", "created_at")
    readonly_fields = ("members_list", "marked_by", "marked_at", "created_at")
    list_select_related = ("marked_by",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[NearDuplicateGroup]:
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description="members", ordering="member_total")
    def size(self, obj: NearDuplicateGroup) -> int:
        return getattr(obj, "member_total", 0)

    @admin.display(description="submissions in this group")
    def members_list(self, obj: NearDuplicateGroup) -> str:
        links = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:evidence_submission_change", args=[m.id]),
                    m.reference,
                    f"{m.received_at:%d %b %Y}",
                )
                for m in campaigns.members(obj.pk)
            ),
        )
        return format_html(
            '<ul>{}</ul><p><a href="{}">Show them in the submission list</a></p>',
            links,
            group_list_url(obj.pk),
        )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: NearDuplicateGroup, form: Any, change: Any) -> None:
        if "is_campaign" in form.changed_data:
            campaigns.mark_campaign(group=obj, is_campaign=obj.is_campaign, by=staff_member(request))
