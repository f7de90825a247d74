"""Limits on staff sessions: an idle timeout and an absolute limit, for staff only.

The session keeps two times (seconds since the epoch): when the staff member signed in, and when
they were last seen (written at most once a minute, so reading a list is not a write per request).
A session past either limit is ended before the view runs; the admin then asks for the password again.
Anyone who is not signed-in staff passes straight through: their session is not read beyond what
authentication reads, and never written, so a visitor or a member gets no cookie from here.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_last_seen_at"
# How stale "last seen" may be before it is written again.
LAST_SEEN_RESOLUTION_SECONDS = 60


def stamp_sign_in(sender: Any, *, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user.is_staff:
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


def connect() -> None:
    user_logged_in.connect(stamp_sign_in, dispatch_uid="nasuwt_send.signin.stamp_sign_in")


def session_expired(session: Any, *, now: float) -> str:
    """Why the staff session must end now ('' while it may go on)."""
    signed_in_at = session.get(SIGNED_IN_AT, now)
    last_seen_at = session.get(LAST_SEEN_AT, now)
    if now - signed_in_at >= settings.STAFF_SESSION_MAX_SECONDS:
        hours = settings.STAFF_SESSION_MAX_SECONDS // 3600
        return f"You were signed out because you signed in more than {hours} hours ago. Sign in again."
    if now - last_seen_at >= settings.STAFF_SESSION_IDLE_SECONDS:
        minutes = settings.STAFF_SESSION_IDLE_SECONDS // 60
        return f"You were signed out after {minutes} minutes without activity. Sign in again."
    return ""


class StaffSessionLimits:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_staff:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        now = time.time()
        session = request.session
        reason = session_expired(session, now=now)
        if reason:
            logout(request)
            messages.warning(request, reason)
            return
        if SIGNED_IN_AT not in session:
            # Signed in before these limits existed: the clock starts now.
            session[SIGNED_IN_AT] = now
        if now - session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN_AT] = now
            session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
