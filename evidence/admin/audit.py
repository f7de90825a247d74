"""The audit log in the admin: superusers read it; nobody adds, changes or deletes an event here.

The Education Team does not see it (the log records what they did). Only the retention purge deletes
events (``evidence.privacy.audit``).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from evidence.admin.access import ReadOnly
from evidence.admin.paging import CappedCountPaginator
from evidence.models import AuditEvent


def _superuser(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and user.is_superuser)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, admin.ModelAdmin[AuditEvent]):
    list_display = ("at", "actor", "action", "target", "detail")
    list_filter = ("action", "actor", ("at", admin.DateFieldListFilter))
    search_fields = ("target", "actor")
    search_help_text = "Search by reference, file, export or username."
    readonly_fields = ("at", "actor", "action", "target", "detail")
    ordering = ("-at", "-id")
    list_per_page = 100
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)
