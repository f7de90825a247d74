"""Write and queue the Education Team's weekly digest (the beat does this every Monday at 07:00)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from evidence.digest import build_digest, digest_message, send_weekly_digest
from evidence.models import OutboundEmail
from evidence.weeks import IsoWeek


class Command(BaseCommand):
    help = "Send the weekly digest for the last complete week, or for --week 2026-W48. Once per week."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", help="ISO week such as 2026-W48 (default: the last complete week).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the digest; write and send nothing."
        )

    def handle(self, *args: Any, week: str | None = None, dry_run: bool = False, **options: Any) -> None:
        try:
            iso_week = IsoWeek.parse(week) if week else IsoWeek.last_complete()
        except ValueError as exc:
            raise CommandError(str(exc)) from None

        if dry_run:
            message = digest_message(build_digest(iso_week))
            self.stdout.write(f"Subject: {message.subject}\n\n{message.text}")
            self.stdout.write(f"Dry run: nothing written or sent for {iso_week}.")
            return

        email, created = send_weekly_digest(week=iso_week)
        if email is None:
            raise CommandError("No digest written: EDUCATION_TEAM_EMAILS is empty.")
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Digest for {iso_week} written (outbound email {email.id}) and queued.")
            )
        elif email.status == OutboundEmail.Status.SENT:
            self.stdout.write(
                f"The digest for {iso_week} was already sent at {localtime(email.sent_at):%Y-%m-%d %H:%M}."
            )
        else:
            self.stdout.write(
                f"The digest for {iso_week} was already written (outbound email {email.id}, {email.status});"
                " nothing new sent."
            )
