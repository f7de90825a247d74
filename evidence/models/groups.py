"""Near-duplicate groups (issue 13): submissions whose own words are nearly the same, such as a template
letter sent by many members with a name and a school changed.

Rules (the computing is ``evidence.analysis.groups``; this module holds the rows and what removing a
submission does to them):

- **One signature row per submission the worker has read** (``SubmissionSignature``): its word count,
  the hashes of its word 3-shingles (for the exact Jaccard check) and, when it has at least 30 words,
  its MinHash band hashes, one indexed column each (``BAND_COUNT`` of them): a new submission's
  candidates are the rows sharing any band, found by index lookups alone. Texts under 30 words have no
  bands, so they are never grouped.
- **A group is a connected component** of near-duplicates: ``group`` on the signature row. Groups of
  one do not exist: a group left with one member (after an erasure or the retention purge) dissolves.
- **Flag, never block**: a group changes nothing about how a submission is counted or kept, except that
  the dashboard and the digest also give a count where a group marked "campaign" counts once.
- **Removal**: the signature row cascades from its submission (the purge's bulk delete takes it), and
  ``dissolve_lone_groups`` is called for the groups the removed submissions were in.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery

from evidence.models.submission import Submission

# 32 bands of 4 rows (128 MinHash values); why: docs/decisions/0054-near-duplicate-groups.md.
BAND_COUNT = 32
BAND_FIELDS = tuple(f"band_{n:02d}" for n in range(BAND_COUNT))


class NearDuplicateGroup(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    is_campaign = models.BooleanField(
        "campaign",
        default=False,
        db_index=True,
        help_text="Marked by the Education Team: counted once, as well as member by member.",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "near-duplicate group"

    def __str__(self) -> str:
        return f"Group {self.pk}"


def _band_field() -> models.BigIntegerField:
    return models.BigIntegerField(null=True, blank=True, db_index=True, editable=False)


class SubmissionSignature(models.Model):
    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, primary_key=True, related_name="signature"
    )
    word_count = models.PositiveIntegerField()
    # Sorted 32-bit hashes of its word 3-shingles, 4 bytes each: the exact Jaccard check reads these
    # rather than every candidate's answers.
    shingles = models.BinaryField(editable=False)
    group = models.ForeignKey(
        NearDuplicateGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    computed_at = models.DateTimeField(auto_now=True)

    # One indexed column per band, so a lookup is an OR of index seeks on SQLite and PostgreSQL alike.
    locals().update({name: _band_field() for name in BAND_FIELDS})

    class Meta:
        verbose_name = "near-duplicate signature"

    def __str__(self) -> str:
        return f"Signature of {self.submission_id}"


def dissolve_lone_groups(group_ids: list[int]) -> int:
    """Delete those of ``group_ids`` left with fewer than two members; their one member is ungrouped."""
    lone = list(
        NearDuplicateGroup.objects.filter(pk__in=group_ids)
        .annotate(n=Count("members"))
        .filter(n__lt=2)
        .values_list("pk", flat=True)
    )
    if lone:
        SubmissionSignature.objects.filter(group__in=lone).update(group=None)
        NearDuplicateGroup.objects.filter(pk__in=lone).delete()
    return len(lone)


def groups_of(submission_ids: list[int]) -> list[int]:
    return list(
        SubmissionSignature.objects.filter(submission__in=submission_ids, group__isnull=False)
        .values_list("group_id", flat=True)
        .distinct()
    )


IN_CAMPAIGN = Q(signature__group__is_campaign=True)


def campaign_aggregates(within: Q | None = None) -> dict[str, Count]:
    """For ``aggregate()`` over submissions: ``outside_campaigns`` and ``campaign_groups`` (distinct)
    among those matching ``within``; the count with each campaign once is their sum. One query, joined
    one to one."""
    within = within if within is not None else Q()
    return {
        "outside_campaigns": Count("pk", filter=within & ~IN_CAMPAIGN),
        "campaign_groups": Count("signature__group", filter=within & IN_CAMPAIGN, distinct=True),
    }


def group_size() -> Subquery:
    """An annotation: how many submissions are in the submission's group (None when in none)."""
    members = (
        SubmissionSignature.objects.filter(group=OuterRef("signature__group"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(members, output_field=IntegerField())
