"""The Education Team's submission list and page."""

from typing import Any, TypedDict

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django_stubs_ext import WithAnnotations

from evidence.admin import filters, list_rows
from evidence.admin.access import EducationTeamOnly, staff_member
from evidence.admin.actions import ACTIONS
from evidence.admin.corrections import correction_view
from evidence.admin.dashboard import dashboard_view
from evidence.admin.downloads import download_attachment
from evidence.admin.exports import export_list
from evidence.admin.groups import GroupColumns, GroupFilter, group_context, with_group_size
from evidence.admin.packs import make_evidence_pack, pack_page_for_list
from evidence.admin.paging import CappedCountPaginator
from evidence.admin.privacy import PRIVACY_ACTIONS
from evidence.admin.querysets import submission_queryset
from evidence.admin.subject_access import give_personal_data
from evidence.admin.suggestions import SuggestedNotChosenFilter, suggestion_rows, suggestion_urls
from evidence.models import (
    Attachment,
    Submission,
    SubmissionChange,
    SubmissionQuerySet,
    TriageNote,
)
from evidence.privacy import audit, restriction
from evidence.privacy.erasure import erase_submissions
from evidence.triage import changes
from evidence.triage.access import (
    can_erase,
    can_export,
    can_give_subject_access,
    can_see_evidence,
    education_team_members,
)
from evidence.triage.submission_page import attachment_rows, build

PAGE_RELATIONS = (
    "local_authority",
    "assignee",
    "workload",
    "banding",
    "budget",
    "training",
    "sv_dbv__local_authority",
    "general",
)


class TriageNoteInline(EducationTeamOnly, admin.TabularInline[TriageNote, Submission]):
    """Notes are append-only: existing ones are read-only, new ones get their author from the server."""

    model = TriageNote
    fields = ("text", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 1
    verbose_name = "internal note"
    verbose_name_plural = "internal notes (only the Education Team sees these; they cannot be edited)"
    note_widget = forms.Textarea(attrs={"rows": 3, "cols": 80, "aria-label": "New internal note"})
    formfield_overrides = {models.TextField: {"widget": note_widget}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[TriageNote]:
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request: HttpRequest, obj: Submission | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Submission | None = None) -> bool:
        return False


class AttachmentTotal(TypedDict):
    attachment_total: int  # SubmissionQuerySet.with_attachment_count()


@admin.register(Submission)
class SubmissionAdmin(GroupColumns, EducationTeamOnly, admin.ModelAdmin[Submission]):
    list_display = (
        "reference",
        "received_at",
        "theme_list",
        "role",
        "local_authority",
        "status",
        "assignee",
        "priority",
        "attachment_count",
        "group_size",
    )
    list_filter = (
        "status",
        filters.ThemeFilter,
        "role",
        "phase",
        "setting",
        "local_authority",
        filters.ReportedProgrammeFilter,
        filters.KnownProgrammeFilter,
        filters.AssigneeFilter,
        "priority",
        ("received_at", admin.DateFieldListFilter),
        "restricted",
        "is_demo",
        GroupFilter,
        SuggestedNotChosenFilter,
    )
    list_select_related = ("local_authority", "assignee")
    # Not Django's 100: triage works down the newest few dozen, every row shown still costs its cells
    # (evidence.admin.list_rows), and a longer list is what the export is for.
    list_per_page = 50
    ordering = ("-received_at", "-id")
    search_fields = ("reference",)  # shows the box; get_search_results does the searching
    search_help_text = "Search by reference, the member's words (and theme details), name or email."
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedCountPaginator
    actions = [*ACTIONS, *PRIVACY_ACTIONS, give_personal_data, make_evidence_pack]
    inlines = (TriageNoteInline,)
    fieldsets = (
        ("Triage", {"fields": ("status", "assignee", "priority", "restricted")}),
        (
            "Themes added by staff",
            {
                "fields": ("staff_themes",),
                "description": "Corrections by the Education Team; the member's own themes never change.",
            },
        ),
    )
    change_form_template = "admin/evidence/submission/change_form.html"
    change_list_template = "admin/evidence/submission/change_list.html"

    def get_queryset(self, request: HttpRequest) -> SubmissionQuerySet:
        queryset = submission_queryset(super().get_queryset(request))
        queryset = with_group_size(queryset.with_attachment_count())
        return queryset.prefetch_related("themes", "staff_themes")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Submission], search_term: str
    ) -> tuple[QuerySet[Submission], bool]:
        return submission_queryset(queryset).search(search_term), False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "can_export": self.has_export_permission(request),
            "pack_url": pack_page_for_list(request) if can_see_evidence(request.user) else None,
        }
        response = super().changelist_view(request, extra_context)
        shown = response.context_data if isinstance(response, TemplateResponse) else None
        if shown and "cl" in shown:
            # The rows written here, each column worked out once (evidence.admin.list_rows), for the
            # template's result_list block: Django's own took 20 ms of a 64 ms page in process.
            shown.update(list_rows.result_list(shown["cl"]))
        # A search shown is a search made; an action posted from a searched list is recorded as itself.
        if request.method == "GET" and response.status_code == 200:
            audit.record_search(by=staff_member(request).get_username(), term=request.GET.get("q", ""))
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The page as Django builds it; a GET that shows it is recorded as opening the submission."""
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = response.context_data if isinstance(response, TemplateResponse) else None
        if request.method == "GET" and response.status_code == 200 and shown:
            audit.record_view(by=staff_member(request).get_username(), submission=shown["original"])
        return response

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # submissions come from members, through the public form

    def has_export_permission(self, request: HttpRequest) -> bool:
        return can_export(request.user)

    def has_subject_access_permission(self, request: HttpRequest) -> bool:
        return can_give_subject_access(request.user)

    # --- Erasure: the plain delete and the bulk action both go through evidence.privacy.erasure ------

    def has_delete_permission(self, request: HttpRequest, obj: Submission | None = None) -> bool:
        return can_erase(request.user)

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return can_erase(request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Erase selected submissions" instead, with its warning
        return actions

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        """Everything the submission holds goes with it, through the service, whatever the person's
        permissions on the models it cascades to."""
        references = [str(obj) for obj in objs]
        return references, {"submissions": len(references)}, set(), []

    def delete_model(self, request: HttpRequest, obj: Submission) -> None:
        erase_submissions(submissions=[obj], actor=staff_member(request).get_username())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Submission]) -> None:
        erase_submissions(submissions=queryset, actor=staff_member(request).get_username())

    @admin.display(description="themes")
    def theme_list(self, obj: Submission) -> SafeString:
        member = [filters.THEME_SHORT_NAMES.get(t.slug, t.name) for t in obj.themes.all()]
        staff = [filters.THEME_SHORT_NAMES.get(t.slug, t.name) for t in obj.staff_themes.all()]
        shown = format_html_join(", ", "{}", ((name,) for name in member))
        if staff:
            extra = format_html_join(", ", "{}", ((name,) for name in staff))
            return format_html("{} <em>(staff: {})</em>", shown, extra)
        return shown

    @admin.display(description="files")
    def attachment_count(self, obj: "WithAnnotations[Submission, AttachmentTotal]") -> int:
        return obj.attachment_total

    # --- The submission page ----------------------------------------------------------------------

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Submission | None:
        queryset = self.get_queryset(request).select_related(*PAGE_RELATIONS)
        try:
            return queryset.get(pk=Submission._meta.pk.to_python(object_id))
        except (Submission.DoesNotExist, ValidationError, ValueError):
            return None

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "assignee":
            kwargs["queryset"] = education_team_members()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.name == "staff_themes":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Submission | None = None,
    ) -> HttpResponse:
        if obj is not None:

            def download_url(attachment: Attachment) -> str:
                return reverse("admin:evidence_submission_attachment", args=[obj.pk, attachment.pk])

            themes = list(obj.themes.all())
            context.update(build(obj, themes))
            context["member_themes"] = themes
            context["attachments"] = attachment_rows(obj, obj.attachments.all(), download_url)
            context.update(group_context(request, obj))
            context["history"] = SubmissionChange.objects.filter(submission=obj).select_related("changed_by")
            if self.has_change_permission(request, obj):
                context["theme_suggestions"] = suggestion_rows(obj)
                context["correction_url"] = reverse("admin:evidence_submission_correct", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Submission, form: Any, change: Any) -> None:
        """Through the triage services, so each change is recorded with who and when."""
        by, submissions = staff_member(request), [obj.pk]
        if "status" in form.changed_data:
            changes.set_status(submissions=submissions, status=obj.status, by=by)
        if "assignee" in form.changed_data:
            changes.assign(submissions=submissions, assignee=obj.assignee, by=by)
        if "priority" in form.changed_data:
            changes.set_priority(submissions=submissions, priority=obj.priority, by=by)
        if "restricted" in form.changed_data:
            restrict = restriction.restrict if obj.restricted else restriction.lift_restriction
            restrict(submissions=submissions, by=by)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        if "staff_themes" in form.changed_data:
            changes.set_staff_themes(
                submission=form.instance, themes=form.cleaned_data["staff_themes"], by=staff_member(request)
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: Any) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not TriageNote:
            return
        for note_form in formset.extra_forms:
            text = note_form.cleaned_data.get("text", "") if note_form.has_changed() else ""
            if text.strip():
                note = changes.add_note(submission=form.instance, author=staff_member(request), text=text)
                formset.new_objects.append(note)

    # --- Pages of its own: files, corrections, the export, the dashboard -----------------------------

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:submission_id>/attachments/<int:attachment_id>/",
                view(self.attachment_view),
                name="evidence_submission_attachment",
            ),
            path(
                "<int:submission_id>/correct/",
                view(self.correction_view),
                name="evidence_submission_correct",
            ),
            path("export/", view(self.export_view), name="evidence_submission_export"),
            path("dashboard/", view(self.dashboard_view), name="evidence_submission_dashboard"),
            *suggestion_urls(self),
            *super().get_urls(),
        ]

    def attachment_view(self, request: HttpRequest, submission_id: int, attachment_id: int) -> FileResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(
            Attachment.objects.select_related("submission"), pk=attachment_id, submission_id=submission_id
        )
        return download_attachment(attachment, by=staff_member(request))

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        """The list as filtered on screen, as CSV: streamed at once, or written by the worker if long."""
        return export_list(self, request)

    def correction_view(self, request: HttpRequest, submission_id: int) -> HttpResponse:
        return correction_view(self, request, submission_id)

    def dashboard_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return dashboard_view(self, request)
