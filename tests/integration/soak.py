"""The soak: many members send evidence through the real web form while the stack is broken four ways.

Shared by the benchmark (bench/soak.py, ``make bench-soak``: 10,000 journeys from 50 members) and
the CI test (tests/integration/test_soak.py, about 500). The stack is a ``FaultStack`` with a real
``celery beat`` running the relay on its production schedule (every minute, OUTBOX_RELAY_AFTER_SECONDS
300) and the back-off shortened to 2-10 s, as the runs reported on the issue had it. While the crowd
sends evidence, at the points given as a share of the journeys finished: Redis stopped, Redis hung,
the worker SIGKILLed, the mail server down. Then it waits for every acknowledgement and counts.
"""

import statistics
import time
from collections import Counter
from dataclasses import asdict, dataclass, field

from tests.integration.fault_fixtures import ACK_ID, Crowd
from tests.integration.faults import FaultStack
from tests.integration.harness import wait_until

# The soak's settings on top of the fault tests' FAST_RECOVERY (whose visibility timeout and task
# time limits bring a killed worker's tasks back within seconds).
SOAK_ENV = {
    "EMAIL_RETRY_BACKOFF_SECONDS": "2",
    "EMAIL_RETRY_BACKOFF_MAX_SECONDS": "10",
    "OUTBOX_RELAY_AFTER_SECONDS": "300",
}
REQUEST_BOUND = 5.0


@dataclass(frozen=True)
class Fault:
    kind: str  # "redis stopped", "redis hung", "worker killed", "smtp down"
    at: float  # share of the journeys finished when it starts
    seconds: float  # how long it lasts (the killed worker is started again after this)

    def __str__(self) -> str:
        return f"{self.kind} for {self.seconds:g} s after {self.at:.0%} of the journeys"


FAULTS = (
    Fault("redis stopped", 0.15, 10),
    Fault("redis hung", 0.35, 10),
    Fault("worker killed", 0.55, 1),
    Fault("smtp down", 0.75, 20),
)


@dataclass
class SoakResult:
    journeys: int
    members: int
    faults: list[str]
    timeline: list[str] = field(default_factory=list)
    saved: int = 0
    shown_a_reference: int = 0
    journey_errors: int = 0
    delivered: int = 0
    lost: int = 0
    duplicates: int = 0
    duplicates_not_in_flight: int = 0
    failed: int = 0
    requests: int = 0
    slowest_request_s: float = 0.0
    requests_over_bound: int = 0
    unanswered_requests: int = 0
    journey_p50_s: float = 0.0
    journey_p95_s: float = 0.0
    crowd_seconds: float = 0.0
    last_send_to_last_ack_s: float | None = None
    drained: bool = False
    outbox_status: str = ""
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def table(self) -> str:
        rows = [
            ("journeys (members at once)", f"{self.journeys} ({self.members})"),
            ("shown a reference / saved", f"{self.shown_a_reference} / {self.saved}"),
            ("journeys that failed", self.journey_errors),
            ("acknowledgements delivered", self.delivered),
            ("lost (saved, never acknowledged)", self.lost),
            ("failed rows", self.failed),
            ("duplicates (of which not in flight at the kill)", f"{self.duplicates} ({self.duplicates_not_in_flight})"),
            ("requests / slowest", f"{self.requests} / {self.slowest_request_s:.2f} s"),
            (f"requests over {REQUEST_BOUND:g} s / unanswered", f"{self.requests_over_bound} / {self.unanswered_requests}"),
            ("journey p50 / p95", f"{self.journey_p50_s:.1f} s / {self.journey_p95_s:.1f} s"),
            ("all journeys took", f"{self.crowd_seconds:.0f} s"),
            (
                "last Send to last acknowledgement",
                "not drained" if self.last_send_to_last_ack_s is None else f"{self.last_send_to_last_ack_s:.1f} s",
            ),
        ]  # fmt: skip
        width = max(len(name) for name, _ in rows)
        lines = [f"{name:<{width}}  {value}" for name, value in rows]
        return "\n".join(["faults:", *(f"  {line}" for line in self.timeline), *lines])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)] if ordered else 0.0


def _first_arrivals(stack: FaultStack) -> tuple[dict[str, float], Counter]:
    """When each reference's acknowledgement first arrived, and how many times each arrived."""
    first: dict[str, float] = {}
    count: Counter = Counter()
    for received in stack.mail.received():
        found = ACK_ID.match(received.message_id)
        if not found:
            continue
        reference = found.group(1)
        count[reference] += 1
        first[reference] = min(first.get(reference, received.received_at), received.received_at)
    return first, count


def _sending_now() -> set[str]:
    from evidence.models import OutboundEmail

    rows = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING)
    return {key.removeprefix("ack:") for key in rows.values_list("idempotency_key", flat=True)}


def _break(stack: FaultStack, fault: Fault, in_flight: set[str]) -> None:
    if fault.kind == "redis stopped":
        stack.redis.stop()
        time.sleep(fault.seconds)
        stack.redis.start()
    elif fault.kind == "redis hung":
        stack.redis.hang()
        time.sleep(fault.seconds)
        stack.redis.unhang()
    elif fault.kind == "worker killed":
        stack.kill_worker()
        in_flight.update(_sending_now())
        time.sleep(fault.seconds)
        stack.start_worker()
    elif fault.kind == "smtp down":
        stack.mail.stop()
        time.sleep(fault.seconds)
        stack.mail.start()
    else:
        raise ValueError(f"No such fault: {fault.kind}")


def run_soak(
    stack: FaultStack,
    *,
    journeys: int,
    members: int,
    faults: tuple[Fault, ...] = FAULTS,
    drain_timeout: float = 600,
    progress=print,
) -> SoakResult:
    """Send ``journeys`` through the web form, ``members`` at a time, breaking the stack on the way."""
    import io

    from django.core.management import call_command

    from evidence.models import OutboundEmail, Submission

    result = SoakResult(journeys=journeys, members=members, faults=[str(f) for f in faults])
    crowd = Crowd(stack.web.url, count=journeys, at_once=members).start()
    in_flight: set[str] = set()
    for fault in sorted(faults, key=lambda f: f.at):
        crowd.wait_until_finished(int(fault.at * journeys), timeout=24 * 3600)
        began = time.monotonic() - crowd.started
        done = crowd.finished
        _break(stack, fault, in_flight)
        line = f"{fault.kind}: {began:.0f} s in, after {done} journeys, for {fault.seconds:g} s"
        result.timeline.append(line)
        progress(line)
    crowd.join(timeout=24 * 3600)
    result.crowd_seconds = crowd.seconds
    references = crowd.references
    result.shown_a_reference = len(references)
    result.errors = crowd.failures[:10]
    result.journey_errors = len(crowd.failures)
    last_send = max((j.finished_at for j in crowd.journeys if j.reference), default=time.monotonic())
    progress(f"all journeys finished in {crowd.seconds:.0f} s; waiting for the acknowledgements")

    def every_ack_arrived() -> bool:
        first, _ = _first_arrivals(stack)
        return all(reference in first for reference in references)

    try:
        wait_until(every_ack_arrived, timeout=drain_timeout, interval=0.5, what="every acknowledgement")
        wait_until(
            lambda: not OutboundEmail.objects.filter(status__in=["pending", "sending"]).exists(),
            timeout=30,
            interval=0.5,
            what="every row finished",
        )
        result.drained = True
    except TimeoutError:
        pass
    time.sleep(2)  # room for a duplicate to arrive, if one were coming
    first, count = _first_arrivals(stack)
    ours = set(references)
    arrived = [first[reference] for reference in ours if reference in first]
    result.delivered = len(arrived)
    result.saved = Submission.objects.filter(reference__in=references).count()
    result.lost = result.saved - result.delivered
    result.failed = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.FAILED, idempotency_key__in=[f"ack:{r}" for r in references]
    ).count()
    duplicated = {reference for reference in ours if count[reference] > 1}
    result.duplicates = len(duplicated)
    result.duplicates_not_in_flight = len(duplicated - in_flight)
    if result.drained and arrived:
        result.last_send_to_last_ack_s = max(arrived) - last_send
    exchanges = crowd.exchanges
    result.requests = len(exchanges)
    result.slowest_request_s = max((e.seconds for e in exchanges), default=0.0)
    result.requests_over_bound = sum(1 for e in exchanges if e.seconds > REQUEST_BOUND)
    result.unanswered_requests = sum(1 for e in exchanges if e.status in (0, 500))
    durations = [j.seconds for j in crowd.journeys if j.reference]
    result.journey_p50_s = statistics.median(durations) if durations else 0.0
    result.journey_p95_s = percentile(durations, 0.95)
    out = io.StringIO()
    call_command("outbox_status", stdout=out)
    result.outbox_status = out.getvalue()
    return result
