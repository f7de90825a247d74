"""Allowances per client and per hour (or any period), counted in the ``ratelimit`` cache.

The rules:

- Each allowance is ``N/period`` as django-ratelimit writes rates (``30/h``, ``5/10m``), counted per
  client (``nasuwt_send.client_address.rate_limit_key``) in fixed windows of that period.
- ``spend`` counts an amount (one journey, three files, 12 MB) and raises django-ratelimit's
  ``Ratelimited`` once the client is over; its middleware answers with the friendly 429 page
  (``RATELIMIT_VIEW``). What was already counted stays counted.
- Off with ``RATELIMIT_ENABLE=0``, and open when Redis is down or hung: a count that cannot be read
  never refuses a member.
- The counters live in the ``ratelimit`` cache, on ``REDIS_URL`` (never evicted), not in the page
  cache, which may be an LRU Redis that a flood would empty.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django_ratelimit.exceptions import Ratelimited

from nasuwt_send.client_address import rate_limit_key
from nasuwt_send.env import parse_rate

log = logging.getLogger(__name__)

# Counters outlive their window by a little, so a slow clock never restarts one early.
EXPIRY_MARGIN_SECONDS = 5


def spend(
    request: HttpRequest,
    *,
    group: str,
    allowance: int,
    period_seconds: int,
    amount: int = 1,
    counted_for: str | None = None,
) -> None:
    """Count ``amount`` against the client's allowance (or ``counted_for``'s, such as an email
    address: only its hash is used in the key); raise ``Ratelimited`` once it is over."""
    if not settings.RATELIMIT_ENABLE or amount <= 0:
        return
    client = counted_for if counted_for is not None else rate_limit_key(group, request)
    window = int(time.time()) // period_seconds
    digest = hashlib.sha256(f"{group}:{client}".encode()).hexdigest()
    key = f"allowance:{group}:{window}:{digest}"
    cache = caches[settings.RATELIMIT_USE_CACHE]
    try:
        cache.add(key, 0, period_seconds + EXPIRY_MARGIN_SECONDS)
        spent = cache.incr(key, amount)
    except Exception as error:  # any cache failure fails open, by design
        log.warning("rate limit %s not counted: %s", group, type(error).__name__)
        return
    if spent is not None and spent > allowance:
        raise Ratelimited(f"Over the {group} allowance")


def spend_rate(
    request: HttpRequest, *, group: str, rate: str, amount: int = 1, counted_for: str | None = None
) -> None:
    """``spend`` with the allowance written as a rate, ``N/period``."""
    allowance, period_seconds = parse_rate(rate)
    spend(
        request,
        group=group,
        allowance=allowance,
        period_seconds=period_seconds,
        amount=amount,
        counted_for=counted_for,
    )
