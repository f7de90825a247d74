"""The retention purge: evidence is kept ``EVIDENCE_RETENTION_DAYS`` days, then deleted.

Rules:

- **The cut-off** is midnight in London at the start of the day ``EVIDENCE_RETENTION_DAYS`` days ago:
  every submission received before it goes. With 0, everything received before today 00:00 UK time
  goes ("until the end of the day you send it").
- **Everything about it goes**: its answers, theme links (and so its search rows), theme suggestions,
  notes, history, quotes (``quotes_removed`` is sent for them, once per batch), attachment rows and
  its acknowledgement email in the outbox (``ack:<reference>``), whatever the email's state.
  ``submission_erased`` is sent for each, so features that keep their own rows about a submission
  remove them in the same transaction. Its files are deleted through the attachment storage once that
  transaction has committed.
- **The weekly figures stay**: the purge never touches ``WeeklyFigure`` (unlike an erasure on request).
- **Short transactions**: batches sized to take about a quarter of a second each (at most ``BATCH``),
  claimed oldest first with ``SELECT ... FOR UPDATE SKIP LOCKED`` and a keyset on (received_at, id),
  so each batch commits within a second at a million rows, a submission the Education Team is changing
  at that moment is left for the next run rather than waited for, and members sending evidence
  meanwhile are never blocked (new submissions are never expired, and the figures they add to are not
  touched here).
- **Idempotent**: run it twice, or twice at once, and the second finds nothing (or other rows) to delete.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from evidence.models import Submission
from evidence.privacy.removal import remove_submissions
from evidence.weeks import LONDON

# Most of a batch's time is PostgreSQL checking at commit that nothing still references the deleted
# submissions (Django's foreign keys are deferred): eleven tables probed per submission, so a batch's
# time grows with its size and with the machine's load. A fixed size cannot keep every commit under a
# second on a busy machine: at a million rows under load average 8 (2 cores), fixed batches of 250 took
# 321 ms median, 507 ms p95 and 1,037 ms at worst (one in 1,995). So the size follows the time: each
# batch is sized from the last one's rows per second to take about BATCH_TARGET_SECONDS, between
# BATCH_SMALLEST and the ``batch_size`` asked for (BATCH by default), starting at BATCH_FIRST.
BATCH = 1000
BATCH_FIRST = 100
BATCH_SMALLEST = 20
BATCH_TARGET_SECONDS = 0.25


@dataclass
class Purged:
    cut_off: datetime
    submissions: int = 0
    files: int = 0
    emails: int = 0
    batch_seconds: list[float] = field(default_factory=list)
    batch_sizes: list[int] = field(default_factory=list)

    @property
    def batches(self) -> int:
        return len(self.batch_seconds)

    @property
    def longest_batch_seconds(self) -> float:
        return max(self.batch_seconds, default=0.0)


def cut_off(*, now: datetime | None = None, days: int | None = None) -> datetime:
    """London midnight at the start of the day ``days`` (EVIDENCE_RETENTION_DAYS) days before today."""
    days = settings.EVIDENCE_RETENTION_DAYS if days is None else days
    today = (now or timezone.now()).astimezone(LONDON).date()
    return datetime.combine(today - timedelta(days=days), clock.min, tzinfo=LONDON)


def expired(*, now: datetime | None = None) -> Q:
    return Q(received_at__lt=cut_off(now=now))


def count_expired(*, now: datetime | None = None) -> int:
    return Submission.objects.filter(expired(now=now)).count()


def purge_expired_evidence(
    *,
    now: datetime | None = None,
    batch_size: int = BATCH,
    after_batch: Callable[[Purged], None] | None = None,
) -> Purged:
    """Delete every submission received before the cut-off, at most ``batch_size`` per transaction."""
    purged = Purged(cut_off=cut_off(now=now))
    last: tuple[datetime, int] | None = None
    size = min(BATCH_FIRST, batch_size)
    while True:
        started = time.perf_counter()
        with transaction.atomic():
            claimed = _claim(purged.cut_off, last, size)
            if claimed:
                removed = remove_submissions(
                    ids=[pk for pk, _, _ in claimed], references=[ref for _, ref, _ in claimed]
                )
        if not claimed:
            return purged
        took = time.perf_counter() - started
        purged.batch_seconds.append(took)
        purged.batch_sizes.append(len(claimed))
        size = next_batch_size(size=len(claimed), took=took, most=batch_size)
        purged.submissions += len(claimed)
        purged.files += removed.files
        purged.emails += removed.emails
        last = (claimed[-1][2], claimed[-1][0])
        if after_batch:
            after_batch(purged)


def next_batch_size(*, size: int, took: float, most: int) -> int:
    """The size that should take BATCH_TARGET_SECONDS at the last batch's pace, growing at most twofold
    a batch (a fast batch may have been luck) and never below BATCH_SMALLEST or above ``most``."""
    at_pace = int(size * BATCH_TARGET_SECONDS / max(took, 0.001))
    return max(min(BATCH_SMALLEST, most), min(at_pace, 2 * size, most))


def _claim(before: datetime, last: tuple[datetime, int] | None, size: int) -> list[tuple[int, str, datetime]]:
    """The next ``size`` expired submissions after ``last``, locked; any locked elsewhere are skipped."""
    rows = Submission.objects.filter(received_at__lt=before)
    if last is not None:
        at, pk = last
        # The first condition alone is what the index on received_at can seek to.
        rows = rows.filter(received_at__gte=at).filter(Q(received_at__gt=at) | Q(pk__gt=pk))
    return list(
        rows.order_by("received_at", "pk")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", "reference", "received_at")[:size]
    )
