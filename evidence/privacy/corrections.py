"""Corrections: the Education Team corrects a member's contact details and consents when they ask.

Rules:

- **What may change**: the name, the email address, the membership number and the two consents (to be
  contacted, to be quoted anonymously). Nothing else the member sent: their evidence stays as they gave it.
- **All or nothing**: the new values are checked as the model checks them (a malformed address is
  refused) and saved in one transaction, or nothing is saved.
- **On record**: each changed field is one ``SubmissionChange`` (who, when, which field) in the
  submission's history, and one ``AuditEvent`` CORRECT names the fields changed, never their values.
  A consent's history keeps its from and to (Yes/No). For the name, address and membership number the
  earlier value is not kept: a correction replaces what was wrong, and a copy in the history would keep
  it (docs/decisions/0028-corrections-keep-no-earlier-value.md).
- **Withdrawing consent to be quoted** is ``consent_to_quote`` going false, recorded the same way, and
  deletes the submission's quotes in the same transaction (``remove_quotes``): from the public page, the
  open data and the question pages at once, and from stored evidence packs.
"""

from dataclasses import asdict, dataclass

from django.contrib.auth.models import User
from django.db import transaction

from evidence.models import AuditEvent, Submission, SubmissionChange, record_event
from evidence.privacy.quote_removal import remove_quotes

CONSENTS = ("consent_to_contact", "consent_to_quote")
EARLIER_VALUE_NOT_KEPT = "(earlier value not kept)"


@dataclass(frozen=True)
class ContactCorrection:
    name: str
    email: str
    membership_number: str
    consent_to_contact: bool
    consent_to_quote: bool


def _label(field: str, value: object) -> str:
    if field in CONSENTS:
        return "Yes" if value else "No"
    return str(value)[:300]


@transaction.atomic
def correct_contact_details(*, submission: Submission, correction: ContactCorrection, by: User) -> list[str]:
    """Apply the correction; returns the names of the fields that changed (none: nothing recorded).

    Raises ``ValidationError`` (by field) and saves nothing when a value is not valid.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    wanted = asdict(correction)
    before = {field: getattr(submission, field) for field in wanted}
    for field, value in wanted.items():
        setattr(submission, field, value.strip() if isinstance(value, str) else value)
    submission.clean_fields(exclude=[f.name for f in Submission._meta.fields if f.name not in wanted])
    changed = [field for field in wanted if getattr(submission, field) != before[field]]
    if not changed:
        return []
    submission.save(update_fields=changed)
    if "consent_to_quote" in changed and not submission.consent_to_quote:
        remove_quotes(submission_ids=[submission.pk])
    SubmissionChange.objects.bulk_create(
        SubmissionChange(
            submission=submission,
            changed_by=by,
            field=field,
            old_value=_label(field, before[field])
            if field in CONSENTS or not before[field]
            else EARLIER_VALUE_NOT_KEPT,
            new_value=_label(field, getattr(submission, field)),
        )
        for field in changed
    )
    record_event(
        AuditEvent.Action.CORRECT,
        actor=by.get_username(),
        target=submission.reference,
        detail=", ".join(changed),
    )
    return changed
