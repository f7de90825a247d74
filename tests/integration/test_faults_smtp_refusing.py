"""The mail server refuses connections (it is stopped) while acknowledgements are being sent.

Down longer than the old budget of a few tries but within EMAIL_RETRY_FOR_SECONDS: each row retries
with back-off until the server is back, none fails, and every acknowledgement arrives exactly once.
Longer than the budget in time: the rows end ``failed`` with their attempts and last error; Alice's
"Send again" in the admin then delivers each exactly once.
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
    """Start a stack with the given retry budget in seconds (EMAIL_RETRY_FOR_SECONDS)."""
    stacks = []

    def start(retry_for: int):
        context = fault_stack(request, test_database_url, EMAIL_RETRY_FOR_SECONDS=str(retry_for))
        stacks.append(context)
        return context.__enter__()

    yield start
    for context in stacks:
        context.__exit__(None, None, None)


def test_a_mail_server_down_longer_than_a_few_tries_but_within_the_budget_fails_no_ack(start_stack):
    # Back-off of 0.5-1 s, then 1-2 s: the old budget (four tries) was spent in about 5 s; the
    # server is down for 12 s, well within the budget in time.
    stack = start_stack(retry_for=120)
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
    time.sleep(max(0.0, 12 - (time.monotonic() - stopped_at)))
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
    assert acknowledgement_rows().filter(attempts__gt=4).exists(), "more tries than the old budget"
    assert not acknowledgement_rows().exclude(status=Status.SENT).exists()
    assert_nothing_typed_was_lost(crowd)


def test_a_mail_server_refusing_for_longer_fails_the_rows_and_send_again_delivers_each_once(
    start_stack, alice
):
    # A budget of 4 s from each row's first attempt.
    stack = start_stack(retry_for=4)
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
        assert row.attempts >= 3, "tried until the budget was spent"
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
