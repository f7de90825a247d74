"""The life of a stored pack: asked for, made in the worker, downloaded, deleted.

Rules:

- **Asked for in a request, made in the worker.** ``request_pack`` writes the row and, once the
  transaction commits, queues ``evidence.tasks.make_evidence_pack`` (on the ``heavy`` queue) by name,
  since the task is an entry point above this package. ``make_pack`` does the work and reports its
  progress on the row, which the admin's status page reads.
- **Stored privately** through the evidence storage (``packs/``), like members' files; never at a URL.
- **On record.** Each pack made and each download is an audit event naming the pack, its kind and key
  and the person: never a member's words or details.
- **Deleted** after ``EVIDENCE_PACK_RETENTION_DAYS`` (``purge_expired_packs``, daily), and at once when
  a quote it holds is removed (``delete_packs_holding``, the ``quotes_removed`` receiver). The row goes
  first and the file after the commit, so a failed delete never leaves a row pointing at nothing.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from evidence.background import queue_by_name
from evidence.models import AuditEvent, EvidencePack, PackQuote, record_event
from evidence.publishing.packs.document import build_document
from evidence.publishing.packs.docx import render_docx
from evidence.publishing.packs.figures import count_figures
from evidence.publishing.packs.pdf import render_pdf
from evidence.publishing.packs.selection import ListSubmissions, described_filters, no_longer_held, select
from evidence.storage import evidence_storage

log = logging.getLogger(__name__)
MAKE_TASK = "evidence.tasks.make_evidence_pack"


@dataclass(frozen=True)
class MadePack:
    content: bytes
    page_count: int | None
    submissions: int
    quote_ids: list[int]
    title: str


def make_pack_content(
    *,
    kind: str,
    key: str,
    format: str,
    list_submissions: ListSubmissions | None = None,
    by: User | None = None,
    progress: Callable[[int], None] = lambda percent: None,
) -> MadePack:
    """Count, write and render one pack (no row, no storage): the worker's and the command's work."""
    selection = select(kind=kind, key=key, list_submissions=list_submissions, by=by)
    progress(10)
    figures = count_figures(selection)
    progress(50)
    document = build_document(selection=selection, figures=figures, earlier=no_longer_held(selection))
    progress(70)
    render = render_pdf if format == EvidencePack.Format.PDF else render_docx
    content, pages = render(document)
    progress(90)
    return MadePack(content, pages, figures.submissions, document.quote_ids, selection.title)


def request_pack(*, kind: str, key: str, format: str, by: User) -> EvidencePack:
    pack = EvidencePack.objects.create(kind=kind, key=key, format=format, requested_by=by)
    pack_id = pack.pk
    transaction.on_commit(lambda: queue_pack(pack_id))
    return pack


def queue_pack(pack_id: int) -> None:
    """Hand the pack to the worker (in-process when tasks run eagerly); a broker that does not answer
    marks it failed, which its status page says, rather than failing the request."""
    if not queue_by_name(MAKE_TASK, pack_id, what="evidence pack"):
        EvidencePack.objects.filter(pk=pack_id, status=EvidencePack.Status.QUEUED).update(
            status=EvidencePack.Status.FAILED
        )


def make_pack(*, pack_id: int, list_submissions: ListSubmissions | None = None) -> EvidencePack | None:
    pack = EvidencePack.objects.select_related("requested_by").filter(pk=pack_id).first()
    if pack is None or pack.status == EvidencePack.Status.READY:
        return pack  # deleted meanwhile, or a redelivered task whose work is done

    def progress(percent: int) -> None:
        EvidencePack.objects.filter(pk=pack_id).update(status=EvidencePack.Status.RUNNING, progress=percent)

    progress(1)
    try:
        made = make_pack_content(
            kind=pack.kind,
            key=pack.key,
            format=pack.format,
            list_submissions=list_submissions,
            by=pack.requested_by,
            progress=progress,
        )
    except Exception:
        EvidencePack.objects.filter(pk=pack_id).update(status=EvidencePack.Status.FAILED)
        log.exception("Evidence pack %s could not be made.", pack_id)
        raise
    with transaction.atomic():
        pack = EvidencePack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None:
            return None
        pack.file.save(pack.file_name, ContentFile(made.content), save=False)
        pack.title, pack.size, pack.page_count = made.title, len(made.content), made.page_count
        pack.submission_count, pack.status, pack.progress = made.submissions, EvidencePack.Status.READY, 100
        pack.finished_at = timezone.now()
        pack.save()
        PackQuote.objects.bulk_create([PackQuote(pack=pack, quote_id=pk) for pk in made.quote_ids])
        record_event(
            AuditEvent.Action.MAKE_PACK,
            actor=pack.requested_by.get_username() if pack.requested_by else "",
            target=f"pack {pack.pk}",
            detail=described(pack),
        )
    return pack


def record_download(*, pack: EvidencePack, by: User) -> None:
    record_event(
        AuditEvent.Action.DOWNLOAD_PACK,
        actor=by.get_username(),
        target=f"pack {pack.pk}",
        detail=described(pack),
    )


def described(pack: EvidencePack) -> str:
    """What a pack covers, for the audit log: never a search's words."""
    key = described_filters(pack.key) if pack.kind == EvidencePack.Kind.LIST else pack.key
    return f"{pack.kind} {key} as {pack.format}"[:1000]


def delete_packs(packs: "list[EvidencePack]") -> int:
    names = [pack.file.name for pack in packs if pack.file]
    EvidencePack.objects.filter(pk__in=[pack.pk for pack in packs]).delete()

    def delete_files() -> None:
        storage = evidence_storage()
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return len(packs)


def delete_packs_holding(*, quote_ids: list[int]) -> int:
    """Every stored pack that holds one of these quotes, file included."""
    return delete_packs(list(EvidencePack.objects.holding_quotes(quote_ids)))


def purge_expired_packs() -> int:
    return delete_packs(list(EvidencePack.objects.expired()))


def on_quotes_removed(sender: object, quote_ids: list[int], **kwargs: object) -> None:
    """The ``quotes_removed`` receiver (connected in ``EvidenceConfig.ready``)."""
    delete_packs_holding(quote_ids=list(quote_ids))
