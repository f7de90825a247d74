"""How the outbox stands, for operators: counts by status and the age of the oldest pending row."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count, Min, Q
from django.utils import timezone

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
    help = "Print outbox counts (pending, sending, sent, failed) and the age of the oldest pending email."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = OutboundEmail.objects.aggregate(
            **{status: Count("id", filter=Q(status=status)) for status in Status.values},
            oldest_pending=Min("created_at", filter=Q(status=Status.PENDING)),
        )
        for status in Status.values:
            self.stdout.write(f"{status:<8} {counts[status]}")
        oldest = counts["oldest_pending"]
        age = format_age((timezone.now() - oldest).total_seconds()) if oldest else "none pending"
        self.stdout.write(f"oldest pending: {age}")
        if counts[Status.FAILED]:
            self.stdout.write(
                self.style.WARNING(
                    "Failed emails can be sent again from the admin (Outbound emails, Send again)."
                )
            )
