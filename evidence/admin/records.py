"""The record of evidence exports: read-only, because it is the audit trail."""

from django.contrib import admin

from evidence.admin.access import EducationTeamOnly
from evidence.models import EvidenceExport


@admin.register(EvidenceExport)
class EvidenceExportAdmin(EducationTeamOnly, admin.ModelAdmin):
    list_display = ("exported_at", "exported_by", "row_count", "filters")
    list_select_related = ("exported_by",)
    list_filter = (("exported_at", admin.DateFieldListFilter),)
    readonly_fields = ("exported_at", "exported_by", "row_count", "filters")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
