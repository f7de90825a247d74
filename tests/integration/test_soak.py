"""A smaller soak in CI (tests/integration/soak.py; ``make bench-soak`` runs the full one).

About 500 members' journeys through the real web form with gunicorn, a worker, beat, Redis and an
SMTP server of the test's own, while Redis stops, Redis hangs, the worker is SIGKILLed and the mail
server is down for longer than the old budget of a few tries would have lasted: every submission is
saved, every acknowledgement delivered, none failed, and a duplicate only for a message in flight at
the kill (same Message-ID).
"""

import pytest

from tests.integration.fault_fixtures import fault_stack
from tests.integration.soak import SOAK_ENV, Fault, run_soak

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

JOURNEYS = 500
# With the soak's 2-10 s back-off, the old budget (six retries, full jitter) was spent in about 25 s
# on average, and in a few seconds by an unlucky row.
FAULTS = (
    Fault("redis stopped", 0.2, 5),
    Fault("redis hung", 0.4, 5),
    Fault("worker killed", 0.55, 1),
    Fault("smtp down", 0.7, 40),
)


def test_a_soak_through_four_faults_saves_everything_and_fails_and_loses_no_acknowledgement(
    request, test_database_url, redis_url
):
    with fault_stack(
        request,
        test_database_url,
        beat=True,
        web_workers=3,
        EVIDENCE_RATE_LIMIT="100000/h",
        **SOAK_ENV,
    ) as stack:
        result = run_soak(stack, journeys=JOURNEYS, members=20, faults=FAULTS, drain_timeout=300)
    print("\n" + result.table() + "\n" + result.outbox_status)

    assert result.journey_errors == 0, result.errors
    assert result.saved == result.shown_a_reference == JOURNEYS
    assert result.drained
    assert result.delivered == JOURNEYS
    assert result.lost == 0
    assert result.failed == 0
    assert result.duplicates_not_in_flight == 0
    assert result.unanswered_requests == 0
    assert result.requests_over_bound == 0
    assert result.last_send_to_last_ack_s < 120
