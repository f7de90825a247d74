"""Five failed sign-ins lock a username, or a client, for half an hour; a superuser can unlock."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.utils import timezone

from evidence.models.audit import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def try_password(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, alice):
    for _ in range(5):
        try_password(client, "alice", "not-her-password")

    response = try_password(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert "Sign-in is locked" in response.content.decode()
    assert "locked for 30 minutes, even with the right password" in response.content.decode()
    assert not signed_in(client)


def test_the_fifth_failure_already_shows_the_lock(client, alice):
    responses = [try_password(client, "alice", "not-her-password") for _ in range(5)]

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]


def test_four_failures_do_not_lock(client, alice):
    for _ in range(4):
        try_password(client, "alice", "not-her-password")

    response = try_password(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_the_lock_is_recorded_in_the_audit_log_with_the_username(client, alice):
    for _ in range(5):
        try_password(client, "alice", "not-her-password")

    event = AuditEvent.objects.get(action=AuditEvent.Action.LOCKED_OUT)
    assert event.actor == "alice"
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 5


def test_a_username_is_locked_whatever_address_it_is_tried_from(client, alice):
    for number in range(5):
        try_password(client, "alice", "not-her-password", address=f"192.0.2.{number}")

    response = try_password(client, "alice", PASSWORD, address="198.51.100.7")

    assert response.status_code == 429
    assert not signed_in(client)


def test_a_client_is_locked_whatever_usernames_it_tries(client, alice):
    for name in ["bob", "charlie", "dave", "erin", "frank"]:
        try_password(client, name, "guess", address="192.0.2.9")

    response = try_password(client, "alice", PASSWORD, address="192.0.2.9")

    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, alice):
    for _ in range(5):
        try_password(client, "alice", "not-her-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))

    response = try_password(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_a_superuser_can_unlock_a_username_with_a_command(client, alice):
    for _ in range(5):
        try_password(client, "alice", "not-her-password")

    call_command("axes_reset_username", "alice")

    assert try_password(client, "alice", PASSWORD).status_code == 302
    assert signed_in(client)


def test_axes_keeps_no_access_log_of_its_own(client, alice):
    try_password(client, "alice", PASSWORD)

    assert signed_in(client)
    assert not AccessLog.objects.exists()


def test_the_lock_holds_in_debug_too(client, alice, settings):
    settings.DEBUG = True
    for _ in range(5):
        try_password(client, "alice", "not-her-password")

    assert try_password(client, "alice", PASSWORD).status_code == 429
