"""Subject access in the admin: the action on the submission list, the request's status page, its
download, and the list of ZIPs still stored.

For superusers and members of both the Education Team and the Data protection group
(``can_give_subject_access``), whatever their model permissions. The action only records the request:
the worker builds the ZIP (``evidence.privacy.personal_data_requests``), which can take longer than a
web request may live. The status page works without JavaScript: while the ZIP is being made it asks the
browser to load it again (a ``Refresh`` header) and offers "Check again".
"""

from datetime import timedelta
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from evidence.admin.access import ReadOnly, staff_member
from evidence.models import PersonalDataRequest, Submission
from evidence.privacy.personal_data_requests import record_download, references_held, request_personal_data
from evidence.triage.access import can_give_subject_access

# One member's submissions, not the whole list: a larger selection is almost certainly a mistake.
MOST_SUBMISSIONS = 100
# Seconds between the status page's own reloads while the worker makes the ZIP.
REFRESH_SECONDS = 5
# Past the task's hard time limit (960 s) a request still being made has lost its worker.
STALLED_AFTER = timedelta(minutes=20)
Status = PersonalDataRequest.Status


@admin.action(description="Give personal data (subject access ZIP)", permissions=["subject_access"])
def give_personal_data(
    model_admin: admin.ModelAdmin[Submission], request: HttpRequest, queryset: QuerySet[Submission]
) -> HttpResponseRedirect | None:
    ids = list(queryset.order_by().values_list("pk", flat=True)[: MOST_SUBMISSIONS + 1])
    if len(ids) > MOST_SUBMISSIONS:
        model_admin.message_user(
            request,
            f"Choose at most {MOST_SUBMISSIONS} submissions: search for the member's email address, then "
            "select their submissions.",
            messages.ERROR,
        )
        return None
    wanted = request_personal_data(submission_ids=ids, by=staff_member(request))
    return HttpResponseRedirect(status_url(wanted))


def status_url(wanted: PersonalDataRequest) -> str:
    return reverse("admin:evidence_personaldatarequest_status", args=[wanted.pk])


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(ReadOnly, admin.ModelAdmin[PersonalDataRequest]):
    list_display = ("requested_at", "what", "status", "submission_count", "requested_by")
    list_select_related = ("requested_by",)
    list_filter = ("status",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_give_subject_access(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_give_subject_access(request.user)

    @admin.display(description="request")
    def what(self, wanted: PersonalDataRequest) -> SafeString:
        return format_html('<a href="{}">{}</a>', status_url(wanted), str(wanted))

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:request_id>/status/",
                view(self.status_view),
                name="evidence_personaldatarequest_status",
            ),
            path(
                "<int:request_id>/download/",
                view(self.download_view),
                name="evidence_personaldatarequest_download",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not object_id.isdigit():
            raise Http404
        return HttpResponseRedirect(status_url(PersonalDataRequest(pk=int(object_id))))

    def status_view(self, request: HttpRequest, request_id: int) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        wanted = get_object_or_404(PersonalDataRequest, pk=request_id)
        being_made = wanted.status in (Status.QUEUED, Status.RUNNING)
        stalled = being_made and timezone.now() - wanted.requested_at > STALLED_AFTER
        context = {
            **self.admin_site.each_context(request),
            "title": "Personal data (subject access ZIP)",
            "opts": self.opts,
            "wanted": wanted,
            "references": references_held(wanted),
            "stalled": stalled,
            "refresh_seconds": REFRESH_SECONDS,
        }
        response = TemplateResponse(request, "admin/evidence/personaldatarequest/status.html", context)
        if being_made and not stalled:
            response["Refresh"] = str(REFRESH_SECONDS)
        return response

    def download_view(self, request: HttpRequest, request_id: int) -> FileResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        wanted = get_object_or_404(PersonalDataRequest, pk=request_id, status=Status.READY)
        try:
            handle = wanted.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("The ZIP is no longer stored.") from None
        record_download(wanted=wanted, by=staff_member(request))
        stamp = timezone.localtime(wanted.finished_at).strftime("%Y-%m-%d-%H%M")
        response = FileResponse(
            handle, as_attachment=True, filename=f"personal-data-{stamp}.zip", content_type="application/zip"
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
