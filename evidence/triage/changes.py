"""Triage changes: what the Education Team does to a submission, one function per use case.

Every change of status, assignee, priority or staff themes is written down as a ``SubmissionChange``
(who, when, from what, to what) in the same transaction as the change itself. Marking a submission spam
takes it out of the weekly figures, and taking it back out of spam counts it in again, in that same
transaction (``evidence.models.figures``). The functions that act
on submissions take any number of them (a queryset, submissions or ids), so the page and the bulk
actions share one code path; they return how many submissions actually changed.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from evidence.choices import Priority, Status
from evidence.models import Submission, SubmissionChange, Theme, TriageNote, count_in_all, count_out_all

Submissions = QuerySet[Submission] | Iterable[Submission | int]
# Small enough for SQLite's limit on query parameters, large enough for few round trips.
BATCH = 500


def _ids(submissions: Submissions) -> list[int]:
    if isinstance(submissions, QuerySet):
        return list(submissions.order_by().values_list("pk", flat=True))
    return [s if isinstance(s, int) else s.pk for s in submissions]


def _batched(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _user_label(username: str | None) -> str:
    return username or ""


def _change_field(
    *,
    submissions: Submissions,
    field: str,
    value: object,
    new_label: str,
    old_label: Callable[[Any], str],
    by: User,
) -> int:
    """Set ``field`` to ``value`` where it differs, recording each change; returns how many changed."""
    changed = 0
    lookup = "assignee__username" if field == "assignee" else field
    for batch in _batched(_ids(submissions)):
        rows = list(
            Submission.objects.select_for_update(of=("self",))
            .filter(pk__in=batch)
            .exclude(**{field: value})
            .values_list("pk", lookup)
        )
        if not rows:
            continue
        leaving, returning = _spam_moves(rows, value) if field == "status" else ([], [])
        count_out_all(Submission.objects.filter(pk__in=leaving))
        Submission.objects.filter(pk__in=[pk for pk, _ in rows]).update(**{field: value})
        count_in_all(Submission.objects.filter(pk__in=returning))
        SubmissionChange.objects.bulk_create(
            SubmissionChange(
                submission_id=pk, changed_by=by, field=field, old_value=old_label(old), new_value=new_label
            )
            for pk, old in rows
        )
        changed += len(rows)
    return changed


def _spam_moves(rows: list[tuple[int, Any]], status: object) -> tuple[list[int], list[int]]:
    """Which of ``rows`` (pk, old status) leave the figures as spam, and which come back from it."""
    if status == Status.SPAM:
        return [pk for pk, old in rows if old != Status.SPAM], []
    return [], [pk for pk, old in rows if old == Status.SPAM]


@transaction.atomic
def set_status(*, submissions: Submissions, status: str, by: User) -> int:
    status = Status(status)
    return _change_field(
        submissions=submissions,
        field="status",
        value=status,
        new_label=status.label,
        old_label=lambda old: Status(old).label,
        by=by,
    )


@transaction.atomic
def mark_spam(*, submissions: Submissions, by: User) -> int:
    """Spam leaves the backlog and the figures, but stays on record until the retention purge."""
    return set_status(submissions=submissions, status=Status.SPAM, by=by)


@transaction.atomic
def assign(*, submissions: Submissions, assignee: User | None, by: User) -> int:
    """Assign to a member of staff, or to nobody with ``assignee=None``."""
    return _change_field(
        submissions=submissions,
        field="assignee",
        value=assignee,
        new_label=assignee.get_username() if assignee else "",
        old_label=_user_label,
        by=by,
    )


@transaction.atomic
def set_priority(*, submissions: Submissions, priority: int, by: User) -> int:
    priority = Priority(int(priority))
    return _change_field(
        submissions=submissions,
        field="priority",
        value=priority,
        new_label=priority.label,
        old_label=lambda old: Priority(old).label,
        by=by,
    )


def _theme_names(themes: Iterable[Theme]) -> str:
    return ", ".join(sorted(theme.name for theme in themes))[:300]


@transaction.atomic
def set_staff_themes(*, submission: Submission, themes: Iterable[Theme], by: User) -> bool:
    """Staff corrections to the themes; the member's own choice is never touched."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    themes = list(themes)
    before = list(submission.staff_themes.all())
    if {t.pk for t in before} == {t.pk for t in themes}:
        return False
    submission.staff_themes.set(themes)
    SubmissionChange.objects.create(
        submission=submission,
        changed_by=by,
        field=SubmissionChange.Field.STAFF_THEMES,
        old_value=_theme_names(before),
        new_value=_theme_names(themes),
    )
    return True


@transaction.atomic
def add_note(*, submission: Submission, author: User, text: str) -> TriageNote:
    """Notes are append-only: there is no function to edit or delete one."""
    text = text.strip()
    if not text:
        raise ValueError("A note needs some text.")
    return TriageNote.objects.create(submission=submission, author=author, text=text)
