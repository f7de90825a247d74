"""Strict readers for settings taken from the environment.

django-environ's ``bool`` reads any unknown string as False, so ``DJANGO_DEBUG=maybe`` would quietly
switch production rules on or off. These helpers refuse what they cannot read.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_required(name: str, reason: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"{name} is required {reason}.")
    return value


RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(rate: str) -> tuple[int, int]:
    """A rate as django-ratelimit writes it: ``"30/h"`` -> (30, 3600); ``"5/10m"`` -> (5, 600)."""
    match = RATE.match(rate.strip())
    if match is None:
        raise ImproperlyConfigured(f"A rate is written like 30/h or 5/10m; got {rate!r}.")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIOD_SECONDS[unit]


def env_rate(name: str, default: str) -> str:
    """A rate limit such as ``30/h``, refused at start-up when malformed."""
    value = env_str(name, default)
    try:
        parse_rate(value)
    except ImproperlyConfigured:
        raise ImproperlyConfigured(f"{name} must be a rate like 30/h or 5/10m; got {value!r}.") from None
    return value
