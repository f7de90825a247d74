"""The record of evidence exports: read-only, because it is the audit trail."""

from django.contrib import admin

from evidence.admin.access import EducationTeamOnly, ReadOnly
from evidence.models import EvidenceExport


@admin.register(EvidenceExport)
class EvidenceExportAdmin(ReadOnly, EducationTeamOnly, admin.ModelAdmin):
    list_display = ("exported_at", "exported_by", "row_count", "filters")
    list_select_related = ("exported_by",)
    list_filter = (("exported_at", admin.DateFieldListFilter),)
    readonly_fields = ("exported_at", "exported_by", "row_count", "filters")
