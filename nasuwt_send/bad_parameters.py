"""The admin answers 400, never 500, to a query string PostgreSQL cannot take.

PostgreSQL refuses NUL bytes in text, and the admin passes its filters and search words straight into
queries, where the refusal surfaces as a 500 while the list renders (``?status__exact=%00``). A NUL
byte in a query string is never a real filter or search, so the admin refuses the request whole with
the 400 page. Public pages handle their own parameters (the public search drops NUL bytes), and forms
refuse NUL bytes with a message next to the field (Django's own validator), so this looks at the
admin's query strings only.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from nasuwt_send.kept_urls import kept_reverse
from nasuwt_send.views import bad_request


class RefuseNulBytesInAdminQueries:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(kept_reverse("admin:index")) and _has_nul(request):
            return bad_request(request)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    return any("\x00" in name or "\x00" in "".join(values) for name, values in request.GET.lists())
