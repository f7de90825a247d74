"""The mail server refuses connections (it is stopped) while acknowledgements are being sent.

Shorter than the retry window: each row retries with back-off until the server is back, and every
acknowledgement arrives exactly once. Longer than the window: the rows end ``failed`` with their
attempts and last error; Alice's "Send again" in the admin then delivers each exactly once.
"""

import time

import pytest
from django.test import Client

from evidence.models import OutboundEmail
from tests.integration.fault_fixtures import (
    MEMBERS,
    Crowd,
    assert_nothing_typed_was_lost,
    fault_stack,
    outbox_status,
    wait_for_every_acknowledgement,
)
from tests.integration.harness import wait_until
from tests.staff import sign_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Status = OutboundEmail.Status
REFUSED = "ConnectionRefusedError"


def acknowledgement_rows():
    return OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)


@pytest.fixture
def start_stack(request, test_database_url, redis_url):
    """Start a stack with the given retry budget (EMAIL_SEND_MAX_RETRIES)."""
    stacks = []

    def start(retries: int):
        context = fault_stack(request, test_database_url, EMAIL_SEND_MAX_RETRIES=str(retries))
        stacks.append(context)
        return context.__enter__()

    yield start
    for context in stacks:
        context.__exit__(None, None, None)


def test_a_mail_server_refusing_for_less_than_the_retry_window_delays_each_ack_but_loses_none(start_stack):
    # Ten retries backing off 1 s, then 2 s (full jitter): on average 9.5 s of trying, against 3 s down.
    stack = start_stack(retries=10)
    started = time.monotonic()
    crowd = Crowd(stack.web.url).start()

    wait_until(lambda: len(stack.mail.received()) >= 10, timeout=60, what="ten acknowledgements")
    stack.mail.stop()
    stopped_at = time.monotonic()
    wait_until(
        lambda: acknowledgement_rows().filter(last_error__contains=REFUSED).count() >= 5,
        timeout=30,
        what="rows refused by the mail server",
    )
    time.sleep(max(0.0, 3 - (time.monotonic() - stopped_at)))
    refused = {
        row.idempotency_key: (row.attempts, row.last_error)
        for row in acknowledgement_rows().filter(last_error__contains=REFUSED)
    }
    stack.mail.start()
    repaired_at = time.monotonic()
    crowd.join()

    crowd.assert_every_member_was_answered_quickly()
    outcome = wait_for_every_acknowledgement(
        "smtp refusing, short", stack, crowd.references, repaired_at=repaired_at
    )
    retried = acknowledgement_rows().filter(idempotency_key__in=refused, attempts__gt=1)
    print(
        outcome.summary(
            crowd,
            f"; mail server down {repaired_at - stopped_at:.1f} s, {len(refused)} rows refused meanwhile "
            f"(e.g. {next(iter(refused.values()))}); scenario {time.monotonic() - started:.0f} s",
        )
    )
    print(outbox_status())

    assert outcome.saved == len(crowd.references) == MEMBERS
    assert outcome.delivered == MEMBERS
    assert outcome.duplicates == {}
    assert all(count == 1 for count in outcome.message_ids.values())
    assert all(REFUSED in error and attempts >= 1 for attempts, error in refused.values())
    assert retried.count() == len(refused), "every refused row was tried again"
    assert not acknowledgement_rows().exclude(status=Status.SENT).exists()
    assert_nothing_typed_was_lost(crowd)


def test_a_mail_server_refusing_for_longer_fails_the_rows_and_send_again_delivers_each_once(
    start_stack, alice
):
    # Three retries backing off at most 1 s, then 2 s: all four tries are over within about 5 s.
    stack = start_stack(retries=3)
    started = time.monotonic()
    stack.mail.stop()
    crowd = Crowd(stack.web.url).start().join()
    crowd.assert_every_member_was_answered_quickly()

    wait_until(
        lambda: acknowledgement_rows().filter(status=Status.FAILED).count() == MEMBERS,
        timeout=60,
        interval=0.2,
        what="every row to fail",
    )
    failed_after = time.monotonic() - crowd.started
    print(f"\nwhile the mail server is down, after {failed_after:.1f} s:\n{outbox_status()}")
    for row in acknowledgement_rows():
        assert row.attempts == 4, "the first try and three retries"
        assert REFUSED in row.last_error
        assert row.sent_at is None

    stack.mail.start()
    repaired_at = time.monotonic()
    time.sleep(3)
    assert stack.mail.received() == [], "a failed row waits for a person: nothing is sent by itself"

    staff = Client()
    sign_in(staff, alice)
    response = staff.post(
        "/admin/evidence/outboundemail/",
        {
            "action": "send_again",
            "_selected_action": list(acknowledgement_rows().values_list("id", flat=True)),
            "index": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert f"{MEMBERS} failed emails queued to send again." in response.content.decode()

    outcome = wait_for_every_acknowledgement(
        "smtp refusing, long", stack, crowd.references, repaired_at=repaired_at
    )
    print(
        outcome.summary(
            crowd,
            f"; rows all failed after {failed_after:.1f} s; scenario {time.monotonic() - started:.0f} s",
        )
    )
    print(outbox_status())

    assert outcome.saved == MEMBERS
    assert outcome.delivered == MEMBERS
    assert outcome.duplicates == {}
    assert all(count == 1 for count in outcome.message_ids.values())
    assert set(acknowledgement_rows().values_list("attempts", flat=True)) == {1}, "a fresh set of tries"
    assert_nothing_typed_was_lost(crowd)
