"""What happens to a submission, for the packages that react to it without importing each other.

The package that does the work sends the signal; a package that needs to know connects a receiver in
``EvidenceConfig.ready``. Both signals are sent inside the transaction that made the change, so a
receiver that writes rows (the weekly figures, say) commits or rolls back with it; one that starts work
elsewhere (a task) should do so from ``transaction.on_commit``.

- ``submission_sent(sender=Submission, submission=...)``: a member's evidence has just been recorded.
- ``submission_erased(sender=Submission, reference=...)``: a submission is being erased on request or by
  the retention purge; only its reference is passed, since the row is going.
- ``quotes_removed(sender=Quote, quote_ids=[...])``: approved or draft quotes deleted on withdrawal of
  consent, restriction, erasure or the retention purge; stored evidence packs that hold one are deleted.
"""

from django.dispatch import Signal

submission_sent = Signal()
submission_erased = Signal()
quotes_removed = Signal()
