"""Restriction of processing (UK GDPR Article 18): a member asks us to stop using their evidence for now.

Rules:

- A restricted submission stays on record and in the Education Team's list, marked as restricted on its
  page, but is left out of the weekly figures and every figure drawn from live rows (``counted()``), the
  CSV export and the weekly digest, until the restriction is lifted.
- Putting it on or lifting it is one transaction: the flag, the weekly figures (out on restricting, in
  again on lifting, unless it is spam), its quotes deleted on restricting (``remove_quotes``: lifting
  the restriction does not bring them back), a line in the submission's history (who, when) and one audit
  event per reference (``RESTRICT`` / ``UNRESTRICT``; the reference only).
- Both functions take any number of submissions and return how many actually changed; asking again
  changes nothing.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from evidence.models import AuditEvent, Submission, SubmissionChange, count_in_all, count_out_all
from evidence.privacy.quote_removal import remove_quotes

Submissions = QuerySet[Submission] | Iterable[Submission | int]

RESTRICTED_LABEL = "Restricted"
NOT_RESTRICTED_LABEL = "Not restricted"


def _ids(submissions: Submissions) -> list[int]:
    if isinstance(submissions, QuerySet):
        return list(submissions.order_by().values_list("pk", flat=True))
    return [s if isinstance(s, int) else s.pk for s in submissions]


@transaction.atomic
def restrict(*, submissions: Submissions, by: User) -> int:
    """Restrict processing of ``submissions``: out of the figures, the export and the digest."""
    return _set_restricted(_ids(submissions), restricted=True, by=by)


@transaction.atomic
def lift_restriction(*, submissions: Submissions, by: User) -> int:
    """Lift the restriction: the submissions count again (unless they are spam)."""
    return _set_restricted(_ids(submissions), restricted=False, by=by)


def _set_restricted(ids: list[int], *, restricted: bool, by: User) -> int:
    rows = list(
        Submission.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .exclude(restricted=restricted)
        .order_by("pk")
        .values_list("pk", "reference")
    )
    if not rows:
        return 0
    changing = Submission.objects.filter(pk__in=[pk for pk, _ in rows])
    if restricted:
        count_out_all(changing)  # while they still count
        remove_quotes(submission_ids=[pk for pk, _ in rows])
    changing.update(restricted=restricted)
    if not restricted:
        count_in_all(changing)
    old, new = (
        (NOT_RESTRICTED_LABEL, RESTRICTED_LABEL) if restricted else (RESTRICTED_LABEL, NOT_RESTRICTED_LABEL)
    )
    SubmissionChange.objects.bulk_create(
        SubmissionChange(
            submission_id=pk,
            changed_by=by,
            field=SubmissionChange.Field.RESTRICTED,
            old_value=old,
            new_value=new,
        )
        for pk, _ in rows
    )
    action = AuditEvent.Action.RESTRICT if restricted else AuditEvent.Action.UNRESTRICT
    AuditEvent.objects.bulk_create(
        AuditEvent(action=action, actor=by.get_username(), target=reference) for _, reference in rows
    )
    return len(rows)
