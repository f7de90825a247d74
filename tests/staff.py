"""Signing staff in, one way for every test and benchmark.

Staff sign in with a password and a second factor (nasuwt_send/signin/). ``sign_in(client, person)``
is ``force_login`` plus a verified authenticator app in the session: the app is made for the person if
they have none, and the session is marked as verified by it, as the code page does. Browser tests sign
in as a person would, typing the code the app would show: ``current_code(authenticator_app(person))``.
Members (Erin) are signed in with ``force_login`` directly: they have no second factor.
"""

from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from nasuwt_send.signin.devices import AUTHENTICATOR_NAME, current_code

__all__ = ["authenticator_app", "current_code", "sign_in", "sign_in_in_browser"]


def authenticator_app(person: Any) -> TOTPDevice:
    """The person's confirmed authenticator app, made if they have none."""
    device = TOTPDevice.objects.filter(user=person, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=person, name=AUTHENTICATOR_NAME, confirmed=True)


def sign_in(client: Any, person: Any) -> Any:
    client.force_login(person)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_app(person).persistent_id
    session.save()
    return client


def sign_in_in_browser(page: Any, person: Any) -> None:
    """As a person does it in Chromium: the admin's login page, then the code their app shows."""
    from tests.factories import PASSWORD

    device = authenticator_app(person)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(person.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/**")
