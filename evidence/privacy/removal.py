"""What deleting a submission means, for the erasure on request and the retention purge alike.

Inside the caller's transaction, for submissions it has already locked: ``submission_erased`` for each
(receivers remove their own rows about it), the acknowledgement email in the outbox
(``ack:<reference>``, whatever its state: it holds the member's address), the submission itself with
everything that cascades from it (answers, theme links, notes, history, attachment rows), and, once the
transaction has committed, the stored files. The weekly figures are the caller's business: an erasure
takes the submission out of them, the purge leaves them.
"""

from dataclasses import dataclass

from evidence.mail.messages import acknowledgement_key
from evidence.models import Attachment, OutboundEmail, Submission, submission_erased
from evidence.privacy.files import delete_files_after_commit


@dataclass(frozen=True)
class Removed:
    files: int
    emails: int


def remove_submissions(*, ids: list[int], references: list[str]) -> Removed:
    """Delete the locked submissions ``ids`` (whose references are ``references``) and all they hold."""
    for reference in references:
        submission_erased.send(sender=Submission, reference=reference)
    names = list(Attachment.objects.filter(submission__in=ids).values_list("file", flat=True))
    keys = [acknowledgement_key(Submission(reference=reference)) for reference in references]
    emails, _ = OutboundEmail.objects.filter(idempotency_key__in=keys).delete()
    Submission.objects.filter(pk__in=ids).delete()
    delete_files_after_commit(names)
    return Removed(files=len(names), emails=emails)
