import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from consultation.page_cache import cache_public_page
from nasuwt_send.health import readiness

log = logging.getLogger(__name__)


@cache_public_page  # the same for every anonymous visitor: no form, no CSRF token
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@cache_public_page
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice. Each period it states is read from the setting the code acts on, so the
    notice and the purges cannot drift apart (tests/evidence/views/test_privacy_notice.py)."""
    return render(
        request,
        "privacy.html",
        {
            "retention_days": settings.EVIDENCE_RETENTION_DAYS,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "save_return_days": settings.SAVE_RETURN_DAYS,
            "audit_log_days": settings.ACCESS_LOG_RETENTION_DAYS,
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = readiness()
    failed = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not failed else "unavailable", "checks": checks, "failed": failed}
    return JsonResponse(body, status=503 if failed else 200)


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/429.html", status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its exception handler, wherever the failure happened (a view, or a
    # middleware saving the session). A database that cannot be reached is an outage, not a bug:
    # tell the member to try again shortly, and keep what they typed in their browser.
    exc = sys.exc_info()[1]
    if _database_unreachable(exc):
        return _unavailable(request, exc)
    return render(request, "errors/500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The database session backend turns a failed save into SessionInterrupted (a 400) while handling
    # the database's error: that is the same outage as above, not a bad request.
    if _database_unreachable(exception):
        return _unavailable(request, exception)
    return render(request, "errors/400.html", status=400)


def _database_unreachable(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an exception it was raised from or while handling, is the database's."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _unavailable(request: HttpRequest, exc: BaseException | None) -> HttpResponse:
    log.warning("database unavailable while serving a request: %s", type(exc).__name__)
    response = render(request, "errors/503.html", status=503)
    response["Retry-After"] = "30"
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)
