"""The worker is killed (SIGKILL) mid-batch, twice, and started again.

First at the worst moment: the mail server has just accepted a message and the worker dies before it
can mark the row sent. Then at a random moment while it works through the backlog. Nothing may be
lost; the only duplicates allowed are the messages in flight at a kill, and they carry the same
Message-ID, so mail clients (and this test) recognise the resend.
"""

import threading
import time

import pytest

from evidence.models import OutboundEmail
from tests.integration.fault_fixtures import (
    ACK_ID,
    MEMBERS,
    Crowd,
    assert_nothing_typed_was_lost,
    outbox_status,
    wait_for_every_acknowledgement,
)
from tests.integration.harness import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def in_flight() -> set[str]:
    """The references whose acknowledgement a killed worker had claimed and not finished."""
    rows = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING)
    return {key.removeprefix("ack:") for key in rows.values_list("idempotency_key", flat=True)}


def test_a_killed_worker_loses_nothing_and_resends_only_what_was_in_flight(stack):
    started = time.monotonic()
    killed = threading.Event()
    accepted_at_kill: list[str] = []

    def kill_after_the_fifteenth(received):
        # Runs in the mail server before it answers "250": the message is stored, the worker never
        # hears it was accepted.
        if len(stack.mail.received()) == 15 and not killed.is_set():
            accepted_at_kill.append(ACK_ID.match(received.message_id).group(1))
            stack.kill_worker()
            killed.set()

    stack.mail.on_accept = kill_after_the_fifteenth
    crowd = Crowd(stack.web.url).start()

    assert killed.wait(60), "the fifteenth acknowledgement never arrived"
    first_kill = in_flight()
    time.sleep(1)
    stack.start_worker()

    wait_until(lambda: len(stack.mail.received()) >= 30, timeout=60, what="thirty acknowledgements")
    stack.kill_worker()
    second_kill = in_flight()
    time.sleep(1)
    stack.start_worker()
    repaired_at = time.monotonic()
    crowd.join()

    crowd.assert_every_member_was_answered_quickly()
    outcome = wait_for_every_acknowledgement(
        "worker killed", stack, crowd.references, repaired_at=repaired_at
    )
    resent = set(outcome.duplicates)
    print(
        outcome.summary(
            crowd,
            f"; in flight at the kills: {sorted(first_kill)} and {sorted(second_kill)}; "
            f"resent: {sorted(resent)}; scenario {time.monotonic() - started:.0f} s",
        )
    )
    print(outbox_status())

    assert outcome.saved == len(crowd.references) == MEMBERS
    assert outcome.delivered == MEMBERS
    assert first_kill == set(accepted_at_kill), "the worker died holding the accepted message"
    assert accepted_at_kill[0] in resent, "the message accepted as the worker died is sent again"
    assert resent <= first_kill | second_kill, "no duplicate but the messages in flight"
    for reference in resent:
        assert outcome.per_reference[reference] == 2
        assert outcome.message_ids[f"<ack.{reference}@evidence.example.org>"] == 2, "the same Message-ID"
    assert len(outcome.per_reference) == MEMBERS
    assert_nothing_typed_was_lost(crowd)
