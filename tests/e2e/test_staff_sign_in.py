"""Staff sign in in Chromium: a password, then a code from their app; five wrong passwords lock."""

import base64

import pytest
from axes.models import AccessAttempt
from django_otp.oath import TOTP

from evidence.models.audit import AuditEvent
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD
from tests.staff import authenticator_app, current_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def give_password(page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_alice_signs_in_with_her_password_and_a_code_from_her_app(page, alice):
    device = authenticator_app(alice)

    give_password(page, "alice", PASSWORD)
    page.wait_for_url("**/admin/two-factor/**")
    # Django's own login page links no icon, so Chromium asked for /favicon.ico (404): not ours.
    page.console.errors.clear()
    page.reload()
    assert page.get_by_role("heading", name="Enter your security code").is_visible()
    assert_accessible(page)
    assert not page.console.errors
    for path in ("/admin/", "/admin/auth/user/", "/admin/evidence/submission/"):
        page.goto(path)
        assert "/admin/two-factor/" in page.url, f"{path} opened without a code"

    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/admin/evidence/submission/")
    assert page.get_by_role("heading", name="Select submission to change").is_visible()


def test_frank_sets_up_his_app_on_his_first_sign_in_without_javascript(page_without_js, frank):
    page = page_without_js
    give_password(page, "frank", PASSWORD)
    page.wait_for_url("**/admin/two-factor/set-up/**")
    assert page.locator("main svg").count() == 1
    assert page.get_by_role("heading", name="Set up your authenticator app").is_visible()

    key = page.locator("#manual-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(f"{TOTP(base64.b32decode(key)).token():06d}")
    page.get_by_role("button", name="Confirm and continue").click()

    assert page.get_by_role("heading", name="Save your backup codes").is_visible()
    assert page.locator("#backup-codes li").count() == 10
    page.get_by_role("link", name="Continue to the admin").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("link", name="Untriaged submissions").is_visible()


def test_the_set_up_and_backup_code_pages_are_accessible(page, frank):
    give_password(page, "frank", PASSWORD)
    page.wait_for_url("**/admin/two-factor/set-up/**")
    assert_accessible(page)
    key = page.locator("#manual-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(f"{TOTP(base64.b32decode(key)).token():06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    page.get_by_role("heading", name="Save your backup codes").wait_for()
    assert_accessible(page)
    assert not page.console.errors


def test_after_five_wrong_passwords_the_right_one_is_refused_and_the_lock_recorded(page, alice):
    authenticator_app(alice)
    for _ in range(5):
        give_password(page, "alice", "not-alices-password")

    give_password(page, "alice", PASSWORD)

    assert page.get_by_role("heading", name="Sign-in is locked").is_visible()
    assert page.get_by_text("locked for 30 minutes, even with the right password").is_visible()
    assert_accessible(page)
    page.goto("/admin/")
    assert "/admin/login/" in page.url
    assert AccessAttempt.objects.get(username="alice").failures_since_start >= 5
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, actor="alice").exists()
