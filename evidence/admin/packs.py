"""Evidence packs in the admin: the page to ask for one, its status page, its download, and the list of
packs still stored. Only the Education Team and superusers (``can_see_evidence``); the work itself is
``evidence.publishing.packs``.

The status page works without JavaScript: it says where the pack is and offers "Check again".
"""

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from evidence.admin.access import ReadOnly, staff_member
from evidence.models import EvidencePack, LocalAuthority, Theme
from evidence.publishing.packs.lifecycle import record_download, request_pack
from evidence.publishing.packs.selection import PROGRAMMES
from evidence.triage.access import can_see_evidence

MIME = {
    EvidencePack.Format.PDF: "application/pdf",
    EvidencePack.Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MISSING = {
    EvidencePack.Kind.THEME: ("theme", "Choose a theme"),
    EvidencePack.Kind.AUTHORITY: ("authority", "Choose a local authority"),
    EvidencePack.Kind.PROGRAMME: ("programme", "Choose a programme"),
    EvidencePack.Kind.LIST: ("filters", "Make a pack of a list from the submission list's action"),
}


class PackForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the pack covers",
        choices=EvidencePack.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the pack covers"},
    )
    theme = forms.ChoiceField(required=False, label="Which theme")
    authority = forms.ChoiceField(required=False, label="Which local authority (about the member)")
    programme = forms.ChoiceField(
        required=False,
        label="Which programme (as the member reported it)",
        choices=[("", "Choose a programme"), *((key, name) for key, (name, _, _) in PROGRAMMES.items())],
    )
    filters = forms.CharField(required=False, widget=forms.HiddenInput, max_length=1000)
    format = forms.ChoiceField(
        choices=EvidencePack.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose PDF or Word"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = Theme.objects.values_list("slug", "name")
        authorities = LocalAuthority.objects.values_list("gss_code", "name")
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", "Choose a theme"), *themes]
        authority = cast(forms.ChoiceField, self.fields["authority"])
        authority.choices = [("", "Choose a local authority"), *authorities]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in MISSING:
            field, message = MISSING[kind]
            if kind != EvidencePack.Kind.LIST and not data.get(field):
                self.add_error(field, message)
            data["key"] = data.get(field, "")
        return data


@admin.register(EvidencePack)
class EvidencePackAdmin(ReadOnly, admin.ModelAdmin[EvidencePack]):
    list_display = ("requested_at", "what", "format", "status", "progress", "requested_by")
    list_select_related = ("requested_by",)
    list_filter = ("status", "kind", "format")

    # --- Who: the Education Team and superusers, whatever their model permissions ---------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_see_evidence(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_see_evidence(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return can_see_evidence(request.user)

    @admin.display(description="pack")
    def what(self, pack: EvidencePack) -> SafeString:
        url = reverse("admin:evidence_evidencepack_status", args=[pack.pk])
        return format_html('<a href="{}">{}</a>', url, pack.title or f"{pack.get_kind_display()}: {pack.key}")

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pack_id>/status/", view(self.status_view), name="evidence_evidencepack_status"),
            path("<int:pack_id>/download/", view(self.download_view), name="evidence_evidencepack_download"),
            *super().get_urls(),
        ]

    # --- Asking for a pack: "Add evidence pack" is the pack page ---------------------------------------

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = PackForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                pack = request_pack(
                    kind=data["kind"], key=data["key"], format=data["format"], by=staff_member(request)
                )
                return HttpResponseRedirect(reverse("admin:evidence_evidencepack_status", args=[pack.pk]))
        else:
            filters = request.GET.get("filters", "")
            initial = {"kind": EvidencePack.Kind.LIST, "filters": filters} if "filters" in request.GET else {}
            form = PackForm(initial={"format": EvidencePack.Format.PDF, **initial})
        context = {
            **self.admin_site.each_context(request),
            "title": "Make an evidence pack",
            "opts": self.opts,
            "form": form,
            "filters": form["filters"].value() or "",
        }
        return TemplateResponse(request, "admin/evidence/evidencepack/new.html", context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not object_id.isdigit():
            raise Http404
        return HttpResponseRedirect(reverse("admin:evidence_evidencepack_status", args=[int(object_id)]))

    def status_view(self, request: HttpRequest, pack_id: int) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        pack = get_object_or_404(EvidencePack, pk=pack_id)
        context = {
            **self.admin_site.each_context(request),
            "title": pack.title or "Evidence pack",
            "opts": self.opts,
            "pack": pack,
            "done": pack.status in (EvidencePack.Status.READY, EvidencePack.Status.FAILED),
        }
        return TemplateResponse(request, "admin/evidence/evidencepack/status.html", context)

    def download_view(self, request: HttpRequest, pack_id: int) -> FileResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        pack = get_object_or_404(EvidencePack, pk=pack_id, status=EvidencePack.Status.READY)
        try:
            handle = pack.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("The pack is no longer stored.") from None
        record_download(pack=pack, by=staff_member(request))
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=pack.file_name,
            content_type=MIME[EvidencePack.Format(pack.format)],
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


@admin.action(description="Make an evidence pack from this list (its filters, not the ticked rows)")
def make_evidence_pack(
    model_admin: admin.ModelAdmin[Any], request: HttpRequest, queryset: Any
) -> HttpResponse:
    """The pack page, with the list's current filters and search carried over."""
    if not can_see_evidence(request.user):
        raise PermissionDenied
    return HttpResponseRedirect(pack_page_for_list(request))


def pack_page_for_list(request: HttpRequest) -> str:
    """The pack page's address for the list as ``request`` shows it (filters and search; not the page
    or the order). The list's own link uses it too, so no row needs ticking."""
    filters = request.GET.copy()
    for ignored in ("p", "o", "all", "_changelist_filters"):
        filters.pop(ignored, None)
    url = reverse("admin:evidence_evidencepack_add")
    return f"{url}?{urlencode({'filters': filters.urlencode()})}"
