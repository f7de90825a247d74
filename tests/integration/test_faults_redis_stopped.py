"""Redis stops while members send evidence, then starts again, empty, on the same port.

Every submission must be saved and answered within seconds (the publish fails fast; the rate limit
and the cache fail open), and every acknowledgement delivered exactly once after the restart: tasks
queued before the stop died with that Redis, so the relay must re-queue their rows.
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


def test_no_submission_or_acknowledgement_is_lost_while_redis_is_stopped(stack):
    started = time.monotonic()
    crowd = Crowd(stack.web.url).start()

    crowd.wait_until_finished(10)
    stack.redis.stop()
    stopped_at = time.monotonic()
    crowd.wait_until_finished(35)
    time.sleep(max(0.0, 8 - (time.monotonic() - stopped_at)))  # down for at least 8 s
    stack.redis.start()
    repaired_at = time.monotonic()
    crowd.join()

    crowd.assert_every_member_was_answered_quickly()
    outcome = wait_for_every_acknowledgement(
        "redis stopped", stack, crowd.references, repaired_at=repaired_at
    )
    print(
        outcome.summary(
            crowd,
            f"; Redis down {repaired_at - stopped_at:.1f} s, {crowd.sent_between(stopped_at, repaired_at)} "
            f"submissions sent meanwhile, {stack.not_queued()} left for the relay; "
            f"scenario {time.monotonic() - started:.0f} s",
        )
    )
    print(outbox_status())

    assert outcome.saved == len(crowd.references) == 50
    assert crowd.sent_between(stopped_at, repaired_at) >= 10, "the outage must catch members mid-journey"
    assert outcome.delivered == 50
    assert outcome.duplicates == {}
    assert all(count == 1 for count in outcome.message_ids.values())
    assert_nothing_typed_was_lost(crowd)
