"""The outbox in the admin (evidence.admin.outbox): Alice reads it, previews the digest and sends failed
emails again; Charlie, staff outside the team, sees nothing of it, even with a stray permission. Nobody,
not even Dave the superuser, adds, edits or deletes a row.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evidence.models import OutboundEmail
from tests.factories import OutboundEmailFactory
from tests.staff import sign_in

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status
CHANGELIST = "admin:evidence_outboundemail_changelist"
PREVIEW = "admin:evidence_outboundemail_digest_preview"


def as_user(client, user):
    sign_in(client, user)
    return client


def test_alice_sees_the_outbox_with_attempts_errors_and_preview_links(client, alice):
    OutboundEmailFactory(
        idempotency_key="ack:SEND-AAAA-BBBB",
        status=Status.FAILED,
        attempts=7,
        last_error="SMTPServerDisconnected: gone",
    )
    response = as_user(client, alice).get(reverse(CHANGELIST))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ack:SEND-AAAA-BBBB" in page
    assert "SMTPServerDisconnected: gone" in page
    assert f"{reverse(PREVIEW)}?week=last" in page
    assert f"{reverse(PREVIEW)}?week=current" in page
    assert "Send again" in page


def test_alice_can_search_by_key_subject_and_recipient_and_filter(client, alice):
    OutboundEmailFactory(idempotency_key="ack:SEND-AAAA-BBBB", to="one@example.org")
    OutboundEmailFactory(idempotency_key="ack:SEND-CCCC-DDDD", to="two@example.org", status=Status.SENT)
    as_user(client, alice)
    for query in ("SEND-AAAA", "one@example.org"):
        page = client.get(reverse(CHANGELIST), {"q": query}).content.decode()
        assert "ack:SEND-AAAA-BBBB" in page
        assert "ack:SEND-CCCC-DDDD" not in page
    page = client.get(reverse(CHANGELIST), {"status__exact": "sent", "kind__exact": "ack"}).content.decode()
    assert "ack:SEND-CCCC-DDDD" in page
    assert "ack:SEND-AAAA-BBBB" not in page


def test_a_row_is_shown_read_only_with_its_message_id(client, alice):
    email = OutboundEmailFactory(idempotency_key="ack:SEND-AAAA-BBBB")
    response = as_user(client, alice).get(reverse("admin:evidence_outboundemail_change", args=[email.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "&lt;ack.SEND-AAAA-BBBB@" in page
    assert 'name="subject"' not in page
    assert 'name="_save"' not in page


def test_nobody_adds_edits_or_deletes_rows_not_even_dave(client, dave):
    email = OutboundEmailFactory(subject="Original")
    as_user(client, dave)
    assert client.get(reverse("admin:evidence_outboundemail_add")).status_code == 403
    response = client.post(
        reverse("admin:evidence_outboundemail_change", args=[email.pk]), {"subject": "Changed"}
    )
    assert response.status_code == 403
    assert (
        client.post(
            reverse("admin:evidence_outboundemail_delete", args=[email.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    email.refresh_from_db()
    assert email.subject == "Original"


def test_send_again_resends_failed_rows_only_and_says_how_many(
    client, alice, django_capture_on_commit_callbacks
):
    failed = OutboundEmailFactory(status=Status.FAILED, attempts=7)
    sent = OutboundEmailFactory(status=Status.SENT, attempts=1, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, alice).post(
            reverse(CHANGELIST),
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    messages = [str(m) for m in response.context["messages"]]
    assert "1 failed email queued to send again." in messages
    assert "1 email left alone: only failed emails are sent again." in messages
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == Status.SENT
    assert (sent.status, sent.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


def test_charlie_sees_no_outbox_even_with_a_stray_permission(client, charlie):
    # A permission given by mistake must not open members' addresses to him.
    charlie.user_permissions.add(Permission.objects.get(codename="view_outboundemail"))
    OutboundEmailFactory()
    as_user(client, charlie)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse(PREVIEW), {"week": "last"}).status_code == 403


def test_the_preview_is_for_staff_only(client):
    response = client.get(reverse(PREVIEW))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize(("which", "shown"), [("last", "Last week"), ("current", "This week so far")])
def test_alice_previews_the_digest_without_writing_it(client, alice, which, shown):
    from evidence.weeks import IsoWeek

    week = IsoWeek.last_complete() if which == "last" else IsoWeek.current()
    response = as_user(client, alice).get(reverse(PREVIEW), {"week": which})
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    assert f"SEND evidence weekly digest {week}" in page
    assert not OutboundEmail.objects.exists()
