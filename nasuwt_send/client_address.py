"""Who the client is: the one address every rate limit (and the staff lockout) counts against.

The rules:

- Behind our TLS proxy (``DJANGO_BEHIND_TLS_PROXY=1``) the client is the right-most address of
  ``X-Forwarded-For``: the one our proxy appended. Everything to its left came from the client and
  can say anything, so it is never read.
- Otherwise, or when that header is missing or its last entry is not an address, ``REMOTE_ADDR``
  (behind the proxy that is the proxy itself, which is why the proxy must always append the header).
- A rate limit groups an IPv6 client by its /64 network (``rate_limit_key``): one home or phone holds
  a whole /64 and could otherwise take a fresh address for every request.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

IPV6_NETWORK_BITS = 64


def client_address(request: HttpRequest) -> str:
    """The client's IP address as our own proxy saw it, or as it connected to us."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        appended_by_our_proxy = _address(forwarded.rsplit(",", 1)[-1])
        if appended_by_our_proxy:
            return appended_by_our_proxy
    return _address(request.META.get("REMOTE_ADDR", "")) or "unknown"


def rate_limit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's ``key`` callable: the client's address, IPv6 by its /64."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_BITS}", strict=False).network_address)
    return address


def _address(raw: str) -> str:
    """The address written in ``raw``, IPv4 for an IPv4-mapped IPv6 one; "" if it is none."""
    try:
        parsed = ipaddress.ip_address(raw.strip())
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(parsed)
