"""Who sees evidence in the admin: the rule of ``evidence.triage.access``, on every evidence admin class.

Every evidence ModelAdmin (and inline) mixes this in: model permissions still apply, and on top of them
the person must be in the Education Team group or a superuser.
"""

from evidence.triage.access import can_see_evidence


class EducationTeamOnly:
    def has_module_permission(self, request):
        return can_see_evidence(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_see_evidence(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return can_see_evidence(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return can_see_evidence(request.user) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return can_see_evidence(request.user) and super().has_delete_permission(request, obj)


class ReadOnly:
    """For records nobody edits in the admin: reference data, exports, sent emails."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
