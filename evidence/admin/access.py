"""Who sees evidence in the admin: the rule of ``evidence.triage.access``, on every evidence admin class.

Every evidence ModelAdmin (and inline) mixes this in: model permissions still apply, and on top of them
the person must be in the Education Team group or a superuser.
"""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from evidence.triage.access import can_see_evidence

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin

    # The mixins sit before ModelAdmin or an inline in each class's bases: to mypy they are admins.
    _AdminMixin = BaseModelAdmin[Any]
else:
    _AdminMixin = object


class EducationTeamOnly(_AdminMixin):
    # ``obj``: what a ModelAdmin shows, or what an inline's rows belong to.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_see_evidence(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_see_evidence(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_see_evidence(request.user) and super().has_change_permission(request, obj)

    # A ModelAdmin's takes the request alone, an inline's also the object.
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return can_see_evidence(request.user) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_see_evidence(request.user) and super().has_delete_permission(request, obj)


class ReadOnly(_AdminMixin):
    """For records nobody edits in the admin: reference data, exports, sent emails."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def staff_member(request: HttpRequest) -> User:
    """The person using the admin, to record as the one who made a change.

    Every admin page is behind ``admin_view``, which lets nobody in without signing in.
    """
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user
