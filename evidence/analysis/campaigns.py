"""Marking a near-duplicate group as a campaign, and what the Education Team sees of a group.

Rules: only the Education Team and superusers mark or unmark (the admin checks; this module records);
each mark or unmark is one audit event ``campaign`` naming the group and who, never a member's words.
Marking changes no submission: the dashboard and the digest read the mark to count the group once.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from evidence.models import AuditEvent, NearDuplicateGroup, SubmissionSignature, record_event


@dataclass(frozen=True)
class Member:
    id: int
    reference: str
    received_at: datetime


def mark_campaign(*, group: NearDuplicateGroup, is_campaign: bool, by: User) -> bool:
    """Set the mark; returns False (and records nothing) when it was already so."""
    changed = NearDuplicateGroup.objects.filter(pk=group.pk).exclude(is_campaign=is_campaign)
    if not changed.update(is_campaign=is_campaign, marked_by=by, marked_at=timezone.now()):
        return False
    group.refresh_from_db()
    record_event(
        AuditEvent.Action.CAMPAIGN,
        actor=by.get_username(),
        target=f"group {group.pk}",
        detail="marked a campaign" if is_campaign else "unmarked: not a campaign",
    )
    return True


def members(group_id: int) -> list[Member]:
    rows = (
        SubmissionSignature.objects.filter(group_id=group_id)
        .order_by("submission__received_at", "submission_id")
        .values_list("submission_id", "submission__reference", "submission__received_at")
    )
    return [Member(*row) for row in rows]
