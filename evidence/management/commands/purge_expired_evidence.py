"""``manage.py purge_expired_evidence [--dry-run]``: delete evidence older than EVIDENCE_RETENTION_DAYS.

What goes and what stays: ``evidence.privacy.retention``. Beat runs the same every night
(``evidence.tasks.purge_expired_evidence``). It prints counts and the cut-off, never personal data.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from evidence.privacy import retention


class Command(BaseCommand):
    help = "Delete every submission received before the retention cut-off, with its files and emails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Say how many would go; delete nothing.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=retention.BATCH,
            help=(
                f"At most this many submissions per transaction (default {retention.BATCH}); "
                f"each batch is sized to take about {retention.BATCH_TARGET_SECONDS} s."
            ),
        )

    def handle(self, *args: Any, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        cut_off = retention.cut_off()
        when = f"{timezone.localtime(cut_off):%Y-%m-%d %H:%M %Z}"
        days = settings.EVIDENCE_RETENTION_DAYS
        if dry_run:
            count = retention.count_expired()
            self.stdout.write(
                f"Dry run: {count} submission{'s' * (count != 1)} received before {when} "
                f"(EVIDENCE_RETENTION_DAYS={days}) would be deleted. Nothing was deleted."
            )
            return
        purged = retention.purge_expired_evidence(batch_size=batch_size)
        self.stdout.write(
            f"Deleted {purged.submissions} submissions received before {when} "
            f"(EVIDENCE_RETENTION_DAYS={days}), with {purged.files} files and {purged.emails} outbox "
            f"emails, in {purged.batches} batches (longest {purged.longest_batch_seconds:.2f}s). "
            "The weekly figures are unchanged."
        )
