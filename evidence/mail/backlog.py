"""How the outbox stands: counts by status, the backlog, the oldest due row and the expected drain.

For operators (``manage.py outbox_status``) and for metrics. The drain time is the backlog divided by
the rate at which rows were sent over the last few minutes: an estimate, and none when nothing was
sent (the mail server or every worker is down, or there was nothing to send).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from evidence.models import OutboundEmail

Status = OutboundEmail.Status

# The window over which the sending rate is measured.
RATE_WINDOW = timedelta(minutes=5)


@dataclass(frozen=True)
class OutboxStatus:
    counts: dict[str, int]
    due: int  # pending, due now: a worker or the relay should be on it
    not_queued: int  # of those, rows the broker never had
    waiting_to_retry: int  # pending, waiting out a back-off
    oldest_pending_seconds: float | None  # since the oldest pending row was written
    oldest_due_seconds: float | None  # since the longest-due row fell due
    sent_recently: int  # within RATE_WINDOW

    @property
    def backlog(self) -> int:
        """Rows to send now: due, plus those being sent."""
        return self.due + self.counts[Status.SENDING]

    @property
    def sent_per_second(self) -> float:
        return self.sent_recently / RATE_WINDOW.total_seconds()

    @property
    def drain_seconds(self) -> float | None:
        """The expected time to send the backlog at the recent rate; 0 with no backlog."""
        if not self.backlog:
            return 0.0
        return self.backlog / self.sent_per_second if self.sent_recently else None


def outbox_status(*, now: datetime | None = None) -> OutboxStatus:
    """One aggregate query over the outbox."""
    now = now or timezone.now()
    pending = Q(status=Status.PENDING)
    due = pending & Q(next_attempt_at__lte=now)
    figures = OutboundEmail.objects.aggregate(
        **{status: Count("id", filter=Q(status=status)) for status in Status.values},
        due=Count("id", filter=due),
        not_queued=Count("id", filter=pending & Q(not_queued=True)),
        waiting=Count("id", filter=pending & Q(next_attempt_at__gt=now)),
        oldest_pending=Min("created_at", filter=pending),
        oldest_due=Min("next_attempt_at", filter=due),
        sent_recently=Count("id", filter=Q(status=Status.SENT, sent_at__gte=now - RATE_WINDOW)),
    )

    def age(moment: datetime | None) -> float | None:
        return max(0.0, (now - moment).total_seconds()) if moment else None

    return OutboxStatus(
        counts={status: figures[status] for status in Status.values},
        due=figures["due"],
        not_queued=figures["not_queued"],
        waiting_to_retry=figures["waiting"],
        oldest_pending_seconds=age(figures["oldest_pending"]),
        oldest_due_seconds=age(figures["oldest_due"]),
        sent_recently=figures["sent_recently"],
    )
