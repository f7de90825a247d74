"""The client's address for the lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """``REMOTE_ADDR``; behind our TLS proxy, the right-most ``X-Forwarded-For`` address.

    The proxy appends the address it saw to the header, so the right-most one is the only one nobody
    outside could write. ``SECURE_PROXY_SSL_HEADER`` is set exactly when ``DJANGO_BEHIND_TLS_PROXY=1``.
    Anything that is not an IP address falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return remote
