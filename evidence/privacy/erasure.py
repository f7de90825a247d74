"""Erasure on request (UK GDPR Article 17): everything held about a submission goes, for good.

Rules:

- **One service** (``erase_submissions``), used by the admin's delete, its "Erase selected submissions"
  action and ``manage.py erase_evidence``. Nothing else deletes a submission except the retention purge
  (``evidence.privacy.retention``).
- **Everything goes, in one transaction**: the submission, its answers, theme links, notes, history,
  attachment rows and its acknowledgement email in the outbox (``ack:<reference>``), whatever its state.
  Its quotes go too (``quotes_removed``, so packs that hold one are deleted), and receivers of
  ``submission_erased`` remove their own rows in that same transaction.
- **The figures** lose it too (``count_out``, only if it was counted), unlike the retention purge.
- **Files** are deleted through the attachment storage only after the transaction has committed, so a
  rollback never leaves rows pointing at deleted files.
- **On record**: one audit event ``ERASE`` per reference, with who and when; never the member's words,
  name or address.
- **Saved forms** (save and come back later) of the address asked about go with them
  (``erase_saved_forms``): their answers and address are cleared, their link then says the form was
  erased, their link emails leave the outbox and their pending files are deleted after commit.
- **Caches**: the only cached evidence is approved quotes, on the public figures and the question pages
  (``evidence.publishing.public_figures``); they are retired on ``quotes_removed``. Staff pages are
  never cached.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from evidence.models import AuditEvent, OutboundEmail, SavedForm, Submission, count_out_all
from evidence.privacy.files import delete_files_after_commit
from evidence.privacy.removal import remove_submissions
from evidence.storage import AttachmentStorage

PENDING = "pending"


@dataclass
class Erased:
    references: list[str] = field(default_factory=list)
    files: int = 0
    emails: int = 0

    @property
    def count(self) -> int:
        return len(self.references)


@transaction.atomic
def erase_submissions(*, submissions: QuerySet[Submission] | Iterable[Submission], actor: str) -> Erased:
    """Erase ``submissions`` and everything that hangs off them; ``actor`` is a username ('' for a
    command). Submissions already gone are skipped, so asking twice is harmless."""
    if isinstance(submissions, QuerySet):
        ids = list(submissions.order_by().values_list("pk", flat=True))
    else:
        ids = [s.pk for s in submissions]
    rows = list(
        Submission.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "reference")
    )
    erased = Erased(references=[reference for _, reference in rows])
    if not rows:
        return erased
    ids = [pk for pk, _ in rows]
    count_out_all(Submission.objects.filter(pk__in=ids))
    removed = remove_submissions(ids=ids, references=erased.references)
    erased.files, erased.emails = removed.files, removed.emails
    AuditEvent.objects.bulk_create(
        AuditEvent(action=AuditEvent.Action.ERASE, actor=actor[:150], target=reference)
        for reference in erased.references
    )
    return erased


@transaction.atomic
def erase_saved_forms(*, email: str, actor: str) -> int:
    """Erase every saved form sent to ``email`` (any case): its answers, its link email and its files."""
    saved = list(
        SavedForm.objects.select_for_update()
        .filter(email__iexact=email.strip())
        .exclude(status=SavedForm.Status.ERASED)
        .values_list("pk", "journey_key")
    )
    if not saved:
        return 0
    ids = [pk for pk, _ in saved]
    OutboundEmail.objects.filter(
        kind=OutboundEmail.Kind.SAVE_RETURN, idempotency_key__in=[f"save:{pk}" for pk in ids]
    ).delete()
    SavedForm.objects.filter(pk__in=ids).update(status=SavedForm.Status.ERASED, email="", state={}, step="")
    delete_files_after_commit(_pending_files({str(key) for _, key in saved}))
    AuditEvent.objects.bulk_create(
        AuditEvent(action=AuditEvent.Action.ERASE, actor=actor[:150], target=f"saved form {pk}") for pk in ids
    )
    return len(ids)


def _pending_files(journey_keys: set[str]) -> list[str]:
    storage = AttachmentStorage()
    names: list[str] = []
    for key in sorted(journey_keys):
        folder = f"{PENDING}/{key}"
        if storage.exists(folder):
            names += [f"{folder}/{name}" for name in storage.listdir(folder)[1]]
    return names
