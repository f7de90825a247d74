"""Redis hangs (its port accepts connections and never answers) while members send evidence.

The hang is the harder fault: every call waits for a socket timeout instead of failing at once. The
member must still be answered within seconds, and every acknowledgement delivered exactly once after
a real Redis is back on the same port.
"""

import time

import pytest

from tests.integration.fault_fixtures import (
    Crowd,
    assert_nothing_typed_was_lost,
    outbox_status,
    wait_for_every_acknowledgement,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_no_submission_or_acknowledgement_is_lost_while_redis_hangs(stack):
    started = time.monotonic()
    crowd = Crowd(stack.web.url).start()

    crowd.wait_until_finished(10)
    stack.redis.hang()
    hung_at = time.monotonic()
    crowd.wait_until_finished(35)
    time.sleep(max(0.0, 8 - (time.monotonic() - hung_at)))  # hung for at least 8 s
    stack.redis.unhang()
    repaired_at = time.monotonic()
    crowd.join()

    crowd.assert_every_member_was_answered_quickly()
    outcome = wait_for_every_acknowledgement("redis hung", stack, crowd.references, repaired_at=repaired_at)
    print(
        outcome.summary(
            crowd,
            f"; Redis hung {repaired_at - hung_at:.1f} s, {crowd.sent_between(hung_at, repaired_at)} "
            f"submissions sent meanwhile, {stack.not_queued()} left for the relay; "
            f"scenario {time.monotonic() - started:.0f} s",
        )
    )
    print(outbox_status())

    assert outcome.saved == len(crowd.references) == 50
    assert crowd.sent_between(hung_at, repaired_at) >= 10, "the hang must catch members mid-journey"
    assert outcome.delivered == 50
    assert outcome.duplicates == {}
    assert all(count == 1 for count in outcome.message_ids.values())
    assert_nothing_typed_was_lost(crowd)
