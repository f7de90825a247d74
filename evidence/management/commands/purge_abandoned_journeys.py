"""``manage.py purge_abandoned_journeys``: clear expired sessions and the files of forms never sent.

What goes and what stays: ``evidence.privacy.abandoned``. Beat runs the same every hour
(``evidence.tasks.purge_abandoned_journeys``).
"""

from typing import Any

from django.core.management.base import BaseCommand

from evidence.privacy.abandoned import purge_abandoned_journeys
from evidence.submissions.journey import live_journey_keys


class Command(BaseCommand):
    help = "Delete expired sessions, and the uploaded files of form journeys that are no longer alive."

    def handle(self, *args: Any, **options: Any) -> None:
        cleared = purge_abandoned_journeys(live_journey_keys=live_journey_keys)
        self.stdout.write(
            f"Cleared expired sessions and {cleared.saved_forms} expired saved forms. Deleted "
            f"{cleared.files} pending files of {cleared.journeys} abandoned form journeys."
        )
