"""What every fault scenario shares: the stack, a crowd of members, and the checks of "nothing lost".

Each scenario (tests/integration/test_faults_*.py) starts a ``fault_stack``, sends a ``Crowd`` of
members through the web form, breaks something while they do, repairs it, then asks ``outcome()``
whether every submission was saved and every acknowledgement delivered, and how often.
"""

import contextlib
import io
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.core.management import call_command

from tests.integration.faults import FaultStack
from tests.integration.harness import celery_broker, wait_until
from tests.integration.member import Member

MEMBERS = 50
# "Each request answered within 5 s" is the member's promise; a scenario ends within two minutes.
REQUEST_BOUND = 5.0
ACK_ID = re.compile(r"^<ack\.(SEND-[A-Z0-9]{4}-[A-Z0-9]{4})@evidence\.example\.org>$")


@contextlib.contextmanager
def fault_stack(request, database_url: str, **options) -> Iterator[FaultStack]:
    """A running ``FaultStack`` for the test ``request``, with this process's Celery app publishing
    to its Redis. If the test fails, the tail of every process's log is printed with its report.
    """
    failed_before = request.session.testsfailed
    workdir = request.getfixturevalue("tmp_path")
    with (
        FaultStack(database_url=database_url, workdir=workdir, **options) as stack,
        celery_broker(stack.redis.url()),
    ):
        yield stack
        if request.session.testsfailed > failed_before:
            print(stack.logs())


def member_answers(number: int) -> dict[str, dict]:
    """What member ``number`` types on each step: unique words, so we can find them afterwards."""
    return {
        "about-you": {"role": "senco", "phase": "primary", "setting": "maintained"},
        "themes": {"themes": ["workload", "general"]},
        "workload": {"causes": ["cause_ehcp_processes"], "details": f"Member {number}: EHCP forms."},
        "general": {"details": f"Member {number}: tribunal waits are over a year."},
        "your-experience": {
            "experience": f"Member {number}: our SENCO spends three days a week on paperwork."
        },
        "contact-details": {
            "name": f"Member {number}",
            "email": f"member{number}@example.org",
            "consent_to_contact": "on",
        },
    }


@dataclass
class Journey:
    number: int
    member: Member
    reference: str | None = None
    error: str | None = None
    started_at: float = 0.0
    finished_at: float = 0.0

    @property
    def seconds(self) -> float:
        return self.finished_at - self.started_at


@dataclass
class Crowd:
    """``count`` members sending evidence through the web form, ``at_once`` at a time."""

    base_url: str
    count: int = MEMBERS
    at_once: int = 6
    patience: float = 0.0
    journeys: list[Journey] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._finished = 0
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=self.at_once, thread_name_prefix="member")
        self._futures = []

    def start(self) -> "Crowd":
        self.started = time.monotonic()
        for number in range(self.count):
            journey = Journey(number, Member(self.base_url, patience=self.patience))
            self.journeys.append(journey)
            self._futures.append(self._pool.submit(self._send, journey))
        return self

    def _send(self, journey: Journey) -> None:
        journey.started_at = time.monotonic()
        try:
            journey.reference = journey.member.send_evidence(member_answers(journey.number))
        except Exception as exc:
            journey.error = f"{type(exc).__name__}: {exc}"[:1500]
        journey.finished_at = time.monotonic()
        with self._lock:
            self._finished += 1

    @property
    def finished(self) -> int:
        with self._lock:
            return self._finished

    def wait_until_finished(self, count: int, timeout: float = 60) -> None:
        wait_until(lambda: self.finished >= count, timeout=timeout, interval=0.05, what=f"{count} journeys")

    def join(self, timeout: float = 90) -> "Crowd":
        self.wait_until_finished(self.count, timeout=timeout)
        self._pool.shutdown(wait=True)
        self.seconds = time.monotonic() - self.started
        return self

    @property
    def references(self) -> list[str]:
        return [journey.reference for journey in self.journeys if journey.reference]

    def sent_between(self, start: float, end: float) -> int:
        """How many members saw their reference between two ``time.monotonic()`` readings."""
        return sum(1 for j in self.journeys if j.reference and start <= j.finished_at <= end)

    @property
    def failures(self) -> list[str]:
        return [f"member {j.number}: {j.error}" for j in self.journeys if j.error]

    @property
    def exchanges(self):
        return [exchange for journey in self.journeys for exchange in journey.member.exchanges]

    def slowest_request(self) -> float:
        return max(exchange.seconds for exchange in self.exchanges)

    def slowest_by_path(self, count: int = 3) -> str:
        slowest: dict[str, float] = {}
        for e in self.exchanges:
            key = f"{e.method} {e.path}"
            slowest[key] = max(slowest.get(key, 0.0), e.seconds)
        ranked = sorted(slowest.items(), key=lambda item: -item[1])[:count]
        return ", ".join(f"{key} {seconds:.2f} s" for key, seconds in ranked)

    def assert_every_member_was_answered_quickly(self) -> None:
        assert not self.failures, "\n".join(self.failures[:5])
        slow = [e for e in self.exchanges if e.seconds > REQUEST_BOUND]
        assert not slow, f"{len(slow)} requests took over {REQUEST_BOUND} s, e.g. {slow[:3]}"
        unanswered = [e for e in self.exchanges if e.status in (0, 500)]
        assert not unanswered, f"Requests not answered properly: {unanswered[:5]}"


@dataclass
class Outcome:
    """What reached the mail server for the crowd's submissions."""

    scenario: str
    references: list[str]
    saved: int
    per_reference: Counter
    message_ids: Counter
    recovery_seconds: float

    @property
    def delivered(self) -> int:
        return sum(1 for reference in self.references if self.per_reference[reference] >= 1)

    @property
    def duplicates(self) -> dict[str, int]:
        return {ref: n for ref, n in self.per_reference.items() if n > 1}

    def summary(self, crowd: Crowd, extra: str = "") -> str:
        return (
            f"\n[{self.scenario}] submissions shown a reference {len(self.references)}, saved {self.saved}, "
            f"acknowledged {self.delivered}, duplicates {len(self.duplicates)} {sorted(self.duplicates)}; "
            f"slowest request {crowd.slowest_request():.2f} s over {len(crowd.exchanges)} requests "
            f"({crowd.slowest_by_path()}); "
            f"full recovery {self.recovery_seconds:.1f} s after the repair{extra}"
        )


def acknowledgements(stack: FaultStack) -> tuple[Counter, Counter]:
    """Acknowledgements received, counted by reference and by Message-ID."""
    per_reference: Counter = Counter()
    message_ids: Counter = Counter()
    for received in stack.mail.received():
        found = ACK_ID.match(received.message_id)
        assert found, f"An acknowledgement without its derived Message-ID: {received.message_id!r}"
        reference = found.group(1)
        assert reference in received.subject, "the Message-ID names the submission the subject does"
        per_reference[reference] += 1
        message_ids[received.message_id] += 1
    return per_reference, message_ids


def wait_for_every_acknowledgement(
    scenario: str, stack: FaultStack, references: list[str], *, repaired_at: float, timeout: float = 60
) -> Outcome:
    """Wait until each reference has reached the mail server, then a moment more for any duplicate."""
    from evidence.models import OutboundEmail, Submission

    def all_delivered() -> bool:
        per_reference, _ = acknowledgements(stack)
        return all(per_reference[reference] for reference in references)

    try:
        wait_until(all_delivered, timeout=timeout, interval=0.2, what="every acknowledgement")
    except TimeoutError:
        print(outbox_status())
        raise
    recovered = time.monotonic() - repaired_at
    wait_until(
        lambda: not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists(),
        timeout=15,
        interval=0.2,
        what="every outbox row marked sent",
    )
    time.sleep(2)  # room for a duplicate to arrive, if one were coming
    per_reference, message_ids = acknowledgements(stack)
    return Outcome(
        scenario=scenario,
        references=references,
        saved=Submission.objects.filter(reference__in=references).count(),
        per_reference=per_reference,
        message_ids=message_ids,
        recovery_seconds=recovered,
    )


def assert_nothing_typed_was_lost(crowd: Crowd) -> None:
    """Each saved submission holds exactly what its member typed, and is acknowledged to them."""
    from evidence.models import OutboundEmail, Submission

    for journey in crowd.journeys:
        submission = Submission.objects.get(reference=journey.reference)
        typed = member_answers(journey.number)
        assert submission.experience == typed["your-experience"]["experience"]
        assert submission.email == typed["contact-details"]["email"]
        assert submission.name == typed["contact-details"]["name"]
        assert submission.theme_slugs == {"workload", "general"}
        assert submission.general.details == typed["general"]["details"]
        assert submission.workload.details == typed["workload"]["details"]
        email = OutboundEmail.objects.get(idempotency_key=f"ack:{submission.reference}")
        assert email.recipients == [typed["contact-details"]["email"]]


def outbox_status() -> str:
    """The operator's view (``manage.py outbox_status``) of the test database."""
    out = io.StringIO()
    call_command("outbox_status", stdout=out)
    return "outbox_status:\n" + out.getvalue()
