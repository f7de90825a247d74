"""Subject access from the server: everything held about a member, as a ZIP.

The ZIP and its audit event are made by ``evidence.privacy.subject_access``.
"""

import os
import shutil
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evidence.privacy.subject_access import personal_data_zip, submissions_for


class Command(BaseCommand):
    help = (
        "Write a ZIP of everything held about a member (summary.html, data.json, their files): "
        "by email address (any case) or by reference. Recorded in the audit log by reference only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--email", metavar="ADDRESS", help="Every submission sent with this address.")
        who.add_argument("--reference", metavar="REF", nargs="+", help="These submissions.")
        parser.add_argument(
            "--out", metavar="FILE.zip", required=True, help="The ZIP to write (must not exist)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email, references = options["email"] or "", options["reference"] or []
        submissions = list(submissions_for(email=email, references=references))
        if email and not submissions:
            raise CommandError("No submission was sent with that email address.")
        missing = sorted({r.strip().upper() for r in references} - {s.reference for s in submissions})
        if missing:
            raise CommandError(f"No submission has the reference {', '.join(missing)}.")
        try:
            # Only the service's account may read it: it holds special-category data.
            descriptor = os.open(options["out"], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{options['out']} already exists: choose another file.") from None
        try:
            with os.fdopen(descriptor, "wb") as out:
                data = personal_data_zip(submissions=submissions, by="", via="command", email=email)
                with data.file:
                    shutil.copyfileobj(data.file, out)
        except BaseException:
            os.unlink(options["out"])  # no half-written ZIP left behind
            raise
        self.stdout.write(
            f"Wrote {options['out']}: {len(data.references)} submission(s) "
            f"({', '.join(data.references)}), {data.file_count} file(s)."
        )
