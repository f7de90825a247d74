"""Quotes go when the member's say-so goes: withdrawal of consent, restriction, erasure, the purge.

Rules:

- **Deleted, not hidden**: a submission's quotes (drafts and approved alike) are deleted in the
  caller's transaction, so a rollback keeps them and a commit removes them for good.
- **Everyone is told**: ``quotes_removed`` is sent with the ids of the quotes deleted, inside that
  transaction. The publishing package retires its cached public figures and question pages on commit;
  stored evidence packs that hold a quote are deleted by their own receiver.
- **One query for many**: the retention purge calls this once per batch of submissions.
"""

from collections.abc import Iterable

from evidence.models import Quote, quotes_removed


def remove_quotes(*, submission_ids: Iterable[int]) -> list[int]:
    """Delete every quote of ``submission_ids``; returns the ids of the quotes deleted."""
    quote_ids = list(
        Quote.objects.filter(submission_id__in=list(submission_ids)).values_list("pk", flat=True)
    )
    if not quote_ids:
        return []
    Quote.objects.filter(pk__in=quote_ids).delete()
    quotes_removed.send(sender=Quote, quote_ids=quote_ids)
    return quote_ids
