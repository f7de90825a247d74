"""How the outbox stands, for operators: counts by status, the backlog, the oldest due row's age and
the expected time to drain it (``evidence.mail.backlog``)."""

from typing import Any

from django.core.management.base import BaseCommand

from evidence.mail.backlog import RATE_WINDOW, outbox_status
from evidence.models import OutboundEmail

Status = OutboundEmail.Status


def format_age(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 2 * 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


class Command(BaseCommand):
    help = (
        "Print outbox counts (pending, sending, sent, failed), the backlog, the age of the oldest due "
        "email and the expected time to drain the backlog at the recent sending rate."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        status = outbox_status()
        for name in Status.values:
            self.stdout.write(f"{name:<8} {status.counts[name]}")
        oldest = status.oldest_pending_seconds
        self.stdout.write(f"oldest pending: {'none pending' if oldest is None else format_age(oldest)}")
        self.stdout.write(
            f"backlog: {status.backlog} ({status.due} due, of which {status.not_queued} not queued; "
            f"{status.counts[Status.SENDING]} sending); {status.waiting_to_retry} waiting to retry"
        )
        oldest_due = status.oldest_due_seconds
        self.stdout.write(f"oldest due: {'none due' if oldest_due is None else format_age(oldest_due)}")
        minutes = int(RATE_WINDOW.total_seconds() // 60)
        self.stdout.write(
            f"sent in the last {minutes} min: {status.sent_recently} ({status.sent_per_second:.1f} a second)"
        )
        drain = status.drain_seconds
        if drain is None:
            self.stdout.write(
                self.style.WARNING(
                    f"expected drain: unknown, nothing was sent in the last {minutes} min "
                    "(is the mail server or every worker down?)"
                )
            )
        else:
            self.stdout.write(f"expected drain: {format_age(drain)}")
        if status.counts[Status.FAILED]:
            self.stdout.write(
                self.style.WARNING(
                    "Failed emails can be sent again from the admin (Outbound emails, Send again)."
                )
            )
