"""A staff member's second factor: an authenticator app (TOTP) and single-use backup codes.

Rules: only a confirmed device verifies a session; a staff member has at most one authenticator
app, confirmed by a code from it before it counts; backup codes are made when it is confirmed, ten
at a time, each good once, and are shown once (django-otp keeps them so it can check them).
"""

import base64
import re
import time
from dataclasses import dataclass
from typing import Any

import segno
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
APP_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None
    # True when the device refused to check at all: too many wrong codes in a row, wait a little.
    throttled: bool = False


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_to_set_up(*, user: Any) -> TOTPDevice:
    """The staff member's unconfirmed authenticator: the same key however often the page is loaded."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it; return the new backup codes, or None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return make_backup_codes(user=device.user)


def confirmed_authenticator(*, user: Any) -> TOTPDevice:
    """A new, confirmed authenticator for a person whose key is handed to them another way (dev admin)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)


def make_backup_codes(*, user: Any) -> list[str]:
    """Ten new backup codes, replacing any the staff member had."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def check_code(*, user: Any, code: str) -> CodeCheck:
    """The device that accepts this code: six digits are the app's, anything else a backup code."""
    code = "".join(code.split()).lower()
    kind = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    throttled = False
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if not isinstance(device, kind):
                continue
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                return CodeCheck(device)
    return CodeCheck(None, throttled=throttled)


def manual_key(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// URL as an inline SVG QR code, drawn here: no script, no style, no request out."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#0b0c0c", light="#ffffff", border=4, title="QR code for your authenticator app"
    )
    # segno writes the SVG itself from the URL (letters, digits and escapes): nothing of a user's text.
    return mark_safe(svg)  # noqa: S308


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now: six digits, for the dev admin's command and for browser tests.

    The device accepts each time step once, and one step ahead: once this step's code has been used,
    this gives the next step's, which is already valid.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"
