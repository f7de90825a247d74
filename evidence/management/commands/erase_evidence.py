"""``manage.py erase_evidence (REFERENCE... | --email ADDRESS)``: erase a member's evidence on request.

Everything about each submission goes, for good, through ``evidence.privacy.erasure`` (the service the
admin's delete uses too), and each erasure is recorded in the audit log. Whoever runs this holds the
server, so no staff group is asked. It prints references and counts, never the address it was given.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evidence.models import Submission
from evidence.privacy.erasure import erase_saved_forms, erase_submissions


class Command(BaseCommand):
    help = "Erase submissions for good, by reference or by the member's email address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("references", nargs="*", metavar="REFERENCE", help="e.g. SEND-7K4M-2Q9X")
        parser.add_argument(
            "--email", help="Erase every submission sent, and every form saved, with this email address."
        )

    def handle(self, *args: Any, references: list[str], email: str | None, **options: Any) -> None:
        if bool(references) == bool(email):
            raise CommandError("Give either one or more references, or --email ADDRESS (not both).")
        if email:
            submissions = Submission.objects.filter(email__iexact=email.strip())
            missing: list[str] = []
        else:
            wanted = {reference.strip().upper() for reference in references}
            submissions = Submission.objects.filter(reference__in=wanted)
            found = set(submissions.values_list("reference", flat=True))
            missing = sorted(wanted - found)
        erased = erase_submissions(submissions=submissions, actor="")
        saved_forms = erase_saved_forms(email=email, actor="") if email else 0
        if saved_forms:
            self.stdout.write(f"Erased {saved_forms} saved form{'s' * (saved_forms != 1)}, with their files.")
        if missing:
            self.stdout.write(f"Not found (never sent, or already erased or purged): {', '.join(missing)}")
        if not erased.count:
            if not saved_forms:
                self.stdout.write("Nothing to erase.")
            return
        self.stdout.write(
            f"Erased {erased.count} submission{'s' * (erased.count != 1)} "
            f"({', '.join(erased.references)}), with {erased.files} files and {erased.emails} outbox emails."
        )
