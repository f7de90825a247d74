"""The site's URLs plus one page that fails, to see the 500 page as a visitor would."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from nasuwt_send.urls import handler400, handler403, handler404, handler500
from nasuwt_send.urls import urlpatterns as site_urls


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug, on purpose")


urlpatterns = [path("broken/", broken), *site_urls]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
