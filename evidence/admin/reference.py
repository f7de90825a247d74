"""Reference data: local authorities (read-only) and their known SV/DBV memberships, which staff record;
and the local authority tracker (its figures are in ``evidence.triage.tracker``)."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.html import format_html
from django.utils.safestring import SafeString

from evidence.admin.access import EducationTeamOnly, ReadOnly, staff_member
from evidence.models import LocalAuthority, ProgrammeMembership
from evidence.triage import figures, tracker


class ProgrammeMembershipInline(EducationTeamOnly, admin.TabularInline[ProgrammeMembership, LocalAuthority]):
    model = ProgrammeMembership
    fields = ("programme", "year_or_tranche", "plan_published_url", "source_url", "confirmed_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: LocalAuthority | None = None) -> bool:
        return False


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(ReadOnly, EducationTeamOnly, admin.ModelAdmin[LocalAuthority]):
    """The 153 authorities come from the reference data migration; only memberships change here."""

    list_display = ("name", "gss_code", "la_number", "type")
    list_filter = ("type", "programme_memberships__programme")
    search_fields = ("name", "gss_code")
    inlines = (ProgrammeMembershipInline,)
    change_list_template = "admin/evidence/localauthority/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "tracker/", self.admin_site.admin_view(self.tracker), name="evidence_localauthority_tracker"
            ),
            *super().get_urls(),
        ]

    def tracker(self, request: HttpRequest) -> TemplateResponse:
        # The tracker counts members' reports: evidence, so the Education Team's alone.
        if not self.has_view_permission(request):
            raise PermissionDenied
        show = request.GET.get("show", "")
        if show not in tracker.FILTERS:
            show = ""
        counted = figures.tracker_figures()
        context = {
            **self.admin_site.each_context(request),
            "title": "Local authority tracker",
            "opts": self.model._meta,
            "rows": tracker.authority_rows(show, counted.reports),
            "counted_at": counted.counted_at,
            "show": show,
            "filters": tracker.FILTERS.items(),
            "can_record": request.user.has_perm("evidence.add_programmemembership"),
        }
        return TemplateResponse(request, "admin/evidence/tracker.html", context)


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(EducationTeamOnly, admin.ModelAdmin[ProgrammeMembership]):
    list_display = (
        "local_authority",
        "programme",
        "year_or_tranche",
        "plan_link",
        "confirmed_by",
        "updated_at",
    )
    list_filter = ("programme", "inferred")
    list_select_related = ("local_authority", "confirmed_by")
    search_fields = ("local_authority__name",)
    fields = (
        "local_authority",
        "programme",
        "year_or_tranche",
        "inferred",
        "source_url",
        "plan_published_url",
        "confirmed_by",
        "updated_at",
    )
    readonly_fields = ("confirmed_by", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="published plan")
    def plan_link(self, obj: ProgrammeMembership) -> SafeString | str:
        if not obj.plan_published_url.lower().startswith(("https://", "http://")):
            return "-"
        return format_html('<a href="{}" rel="noopener noreferrer">Plan</a>', obj.plan_published_url)

    def get_readonly_fields(
        self, request: HttpRequest, obj: ProgrammeMembership | None = None
    ) -> tuple[str, ...] | list[str]:
        # The authority of an existing membership stays put; record a new one instead.
        return (*self.readonly_fields, "local_authority") if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ProgrammeMembership, form: Any, change: Any) -> None:
        obj.confirmed_by = staff_member(request)
        super().save_model(request, obj, form, change)
