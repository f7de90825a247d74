"""``manage.py seed_demo_evidence --count 100000``: fake evidence for demonstrations and load tests.

``--clear-demo`` removes every demo submission first; on its own it only removes them.

All rows are written in one transaction (``COPY`` on PostgreSQL, ``bulk_create`` elsewhere; see
``evidence.demo.seed``). On PostgreSQL a seed of 20,000 or more into a table no bigger than itself drops the
seeded tables' indexes (all but the unique ones) and the foreign keys between them inside that
transaction and makes them again at the end, so the submission, link, answer and search-document tables
are locked until it finishes (about 18 s for 100,000); a smaller seed never locks them.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evidence.demo import seed as demo

DEFAULT_COUNT = 1000


class Command(BaseCommand):
    help = "Create realistic demo submissions (is_demo=True) in bulk, or remove them with --clear-demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, help=f"How many to create (default {DEFAULT_COUNT}).")
        parser.add_argument("--seed", type=int, help="Random seed, for repeatable data.")
        parser.add_argument("--clear-demo", action="store_true", help="Delete every demo submission first.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(
        self,
        *args: Any,
        count: int | None,
        seed: int | None,
        clear_demo: bool,
        no_progress: bool,
        **options: Any,
    ) -> None:
        if count is not None and count < 0:
            raise CommandError("--count cannot be negative.")
        if clear_demo:
            self.stdout.write(f"Removed {demo.clear_demo()} demo submissions.")
            if count is None:
                return
        started = time.monotonic()
        progress = None if no_progress else self._progress
        made = demo.create_demo_submissions(
            DEFAULT_COUNT if count is None else count, seed=seed, progress=progress
        )
        if progress:
            self.stderr.write("")
        self.stdout.write(f"Created {made} demo submissions in {time.monotonic() - started:.1f}s.")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        self.stderr.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {done:,}/{total:,}", ending="")
        self.stderr.flush()
