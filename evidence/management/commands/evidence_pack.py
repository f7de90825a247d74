"""Write an evidence pack straight to a file, for operators: the same pack the admin makes in the worker.

    python manage.py evidence_pack (--theme SLUG | --authority GSS_CODE | --programme sv|dbv)
        --format pdf|docx --out FILE

Synchronous; nothing is stored in the portal. The pack is recorded in the audit log (made by a
command). It prints the file, its size, pages and the time taken, never a member's words.
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evidence.models import AuditEvent, EvidencePack, record_event
from evidence.publishing.packs.lifecycle import make_pack_content
from evidence.publishing.packs.selection import UnknownSelection


class Command(BaseCommand):
    help = "Write an evidence pack for a theme, a local authority or a programme to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--theme", metavar="SLUG")
        which.add_argument("--authority", metavar="GSS_CODE")
        which.add_argument("--programme", choices=["sv", "dbv"])
        parser.add_argument("--format", choices=[f.value for f in EvidencePack.Format], required=True)
        parser.add_argument("--out", metavar="FILE", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        kind, key = next(
            (kind, options[name])
            for name, kind in (
                ("theme", EvidencePack.Kind.THEME),
                ("authority", EvidencePack.Kind.AUTHORITY),
                ("programme", EvidencePack.Kind.PROGRAMME),
            )
            if options[name]
        )
        started = time.perf_counter()
        try:
            made = make_pack_content(kind=kind, key=key, format=options["format"])
        except UnknownSelection as exc:
            raise CommandError(str(exc)) from None
        out = Path(options["out"])
        out.write_bytes(made.content)
        record_event(
            AuditEvent.Action.MAKE_PACK,
            target=f"file {out.name}",
            detail=f"{kind} {key} as {options['format']}",
        )
        pages = f", {made.page_count} pages" if made.page_count else ""
        self.stdout.write(
            f"Wrote {out} ({len(made.content):,} bytes{pages}) in {time.perf_counter() - started:.1f} s."
        )
