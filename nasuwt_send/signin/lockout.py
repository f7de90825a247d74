"""What a lockout looks like: a clear page for the person, and a line in the one audit log.

django-axes' own access log is off (``AXES_DISABLE_ACCESS_LOG``); its attempts stay, for the lockout
itself and for a superuser to see and delete (which unlocks).
"""

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from evidence.models.audit import AuditEvent, record_event


def record_lockout(sender: Any, *, username: str | None = None, **kwargs: Any) -> None:
    record_event(AuditEvent.Action.LOCKED_OUT, actor=username or "", detail="too many failed sign-ins")


def connect() -> None:
    user_locked_out.connect(record_lockout, dispatch_uid="nasuwt_send.signin.record_lockout")


def lockout_page(request: HttpRequest, *args: Any) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the page shown instead of the login form, 429 Too Many Requests."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "signin/locked_out.html", context, status=429)
