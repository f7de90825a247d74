"""Delete audit events older than ACCESS_LOG_RETENTION_DAYS (the daily beat task does the same)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from evidence.privacy.audit import access_log_cutoff, purge_access_log


class Command(BaseCommand):
    help = "Delete audit log events older than ACCESS_LOG_RETENTION_DAYS days, in batches."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        cutoff = access_log_cutoff(now=now)
        deleted = purge_access_log(now=now)
        when = timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(
            f"Deleted {deleted} audit event{'' if deleted == 1 else 's'} from before {when} "
            f"(ACCESS_LOG_RETENTION_DAYS={settings.ACCESS_LOG_RETENTION_DAYS})."
        )
