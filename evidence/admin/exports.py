"""The evidence export in the admin: the list's "Export" button, the record of exports, and the status
page and download of an export the worker wrote. Only the Education Team members allowed to export
(``can_export``) start, follow or download one; the work itself is ``evidence.triage``.

A list up to ``EVIDENCE_EXPORT_IN_REQUEST_ROWS`` rows is streamed at once, as it always was; a longer
one goes to the worker and the person lands on its status page, which works without JavaScript: it
says where the export is and offers "Check again".
"""

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from evidence.admin.access import EducationTeamOnly, ReadOnly, staff_member
from evidence.admin.downloads import export_response
from evidence.admin.querysets import submission_queryset
from evidence.models import EvidenceExport, Submission
from evidence.privacy import audit
from evidence.triage.access import can_export
from evidence.triage.export_files import is_long, record_download, request_export_file

UNREADABLE_FILTERS = "The filters of this export could not be read. Choose them again on the list."


def export_list(model_admin: admin.ModelAdmin[Submission], request: HttpRequest) -> HttpResponseBase:
    """The list as filtered on screen (the same query string), as CSV: at once, or through the worker."""
    if not can_export(request.user):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        # A filter that is not the list's (edited by hand): back to the list, saying why.
        model_admin.message_user(request, UNREADABLE_FILTERS, messages.ERROR)
        return redirect("admin:evidence_submission_changelist")
    queryset = submission_queryset(changelist.queryset)
    filters = request.GET.urlencode()
    if not is_long(queryset, limit=settings.EVIDENCE_EXPORT_IN_REQUEST_ROWS):
        return export_response(request, queryset, filters=filters)
    return export_in_worker(request, filters=filters)


def export_in_worker(request: HttpRequest, *, filters: str) -> HttpResponseRedirect:
    """The list that ``filters`` (its query string) shows, written by the worker; its status page next."""
    by = staff_member(request)
    export = request_export_file(by=by, filters=filters)
    audit.record_export(by=by.get_username(), export=export)
    return HttpResponseRedirect(reverse("admin:evidence_evidenceexport_status", args=[export.pk]))


@admin.register(EvidenceExport)
class EvidenceExportAdmin(ReadOnly, EducationTeamOnly, admin.ModelAdmin[EvidenceExport]):
    """Every export is on record; read-only, because it is the audit trail."""

    list_display = ("exported_at", "exported_by", "row_count", "filters", "file_status")
    list_select_related = ("exported_by",)
    list_filter = (("exported_at", admin.DateFieldListFilter), "status")
    readonly_fields = ("exported_at", "exported_by", "row_count", "filters", "status", "finished_at")

    @admin.display(description="file")
    def file_status(self, export: EvidenceExport) -> SafeString | str:
        if export.status == EvidenceExport.Status.STREAMED:
            return export.get_status_display()
        url = reverse("admin:evidence_evidenceexport_status", args=[export.pk])
        return format_html('<a href="{}">{}</a>', url, export.get_status_display())

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:export_id>/status/", view(self.status_view), name="evidence_evidenceexport_status"),
            path(
                "<int:export_id>/download/", view(self.download_view), name="evidence_evidenceexport_download"
            ),
            *super().get_urls(),
        ]

    def status_view(self, request: HttpRequest, export_id: int) -> TemplateResponse:
        if not can_export(request.user):
            raise PermissionDenied
        export = get_object_or_404(EvidenceExport, pk=export_id)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": f"Evidence export {export.pk}",
            "opts": self.opts,
            "export": export,
            "retention_days": settings.EVIDENCE_EXPORT_RETENTION_DAYS,
            "list_url": f"{reverse('admin:evidence_submission_changelist')}?{export.filters}",
        }
        return TemplateResponse(request, "admin/evidence/evidenceexport/status.html", context)

    def download_view(self, request: HttpRequest, export_id: int) -> FileResponse:
        if not can_export(request.user):
            raise PermissionDenied
        export = get_object_or_404(EvidenceExport, pk=export_id, status=EvidenceExport.Status.READY)
        try:
            handle = export.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("The export file is no longer stored.") from None
        record_download(export=export, by=staff_member(request))
        response = FileResponse(
            handle, as_attachment=True, filename=export.file_name, content_type="text/csv; charset=utf-8"
        )
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
