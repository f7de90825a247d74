"""What deleting a submission means, for the erasure on request and the retention purge alike.

Inside the caller's transaction, for submissions it has already locked: ``submission_erased`` for each
(receivers remove their own rows about it), their quotes (one query, and ``quotes_removed``), the
acknowledgement email in the outbox (``ack:<reference>``, whatever its state: it holds the member's
address), the submission itself with everything that cascades from it (answers, theme links, notes,
history, attachment rows, its near-duplicate signature, after which a group left with one member
dissolves), every stored subject-access ZIP that holds it (``delete_personal_data_holding``: no copy
of erased data survives), and, once the transaction has committed, the stored files. The weekly
figures are the caller's business: an erasure takes the submission out of them, the purge leaves them.

The rows go with one ``DELETE ... WHERE submission_id = ANY(ids)`` (``IN`` on SQLite) per table that
cascades from a submission, when Django's collector would do no more than that (every relation cascades
to a model with no dependents and no delete signals). Otherwise (a model added later with dependents of
its own, or a ``post_delete`` receiver) Django's collector deletes them. The collector costs about a
second of Python per thousand submissions, which the purge's batches cannot afford.
"""

from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import CASCADE
from django.db.models.deletion import Collector, get_candidate_relations_to_delete
from django.db.models.signals import post_delete, pre_delete

from evidence.mail.messages import acknowledgement_key
from evidence.models import (
    Attachment,
    OutboundEmail,
    Submission,
    dissolve_lone_groups,
    groups_of,
    submission_erased,
)
from evidence.privacy.files import delete_files_after_commit
from evidence.privacy.personal_data_requests import delete_personal_data_holding
from evidence.privacy.quote_removal import remove_quotes


@dataclass(frozen=True)
class Removed:
    files: int
    emails: int


def remove_submissions(*, ids: list[int], references: list[str]) -> Removed:
    """Delete the locked submissions ``ids`` (whose references are ``references``) and all they hold."""
    for reference in references:
        submission_erased.send(sender=Submission, reference=reference)
    remove_quotes(submission_ids=ids)  # one query, and quotes_removed for the packs and the public page
    delete_personal_data_holding(submission_ids=ids)  # one query when no stored ZIP holds them
    names = list(Attachment.objects.filter(submission__in=ids).values_list("file", flat=True))
    keys = [acknowledgement_key(Submission(reference=reference)) for reference in references]
    emails, _ = OutboundEmail.objects.filter(idempotency_key__in=keys).delete()
    # Near-duplicate signatures cascade with the rows; a group left with one member then dissolves.
    groups = groups_of(ids)
    tables = _cascading_tables()
    if tables is None:
        Submission.objects.filter(pk__in=ids).delete()
    else:
        # PostgreSQL takes the ids as one array parameter; SQLite (local development) one each.
        postgres = connection.vendor == "postgresql"
        matches = "= ANY(%s)" if postgres else f"IN ({', '.join(['%s'] * len(ids))})"
        with connection.cursor() as cursor:
            for table, column in (*tables, (Submission._meta.db_table, "id")):
                cursor.execute(
                    f"DELETE FROM {table} WHERE {column} {matches}",  # noqa: S608
                    [ids] if postgres else ids,
                )
    dissolve_lone_groups(groups)
    delete_files_after_commit(names)
    return Removed(files=len(names), emails=emails)


def _cascading_tables() -> list[tuple[str, str]] | None:
    """(table, column) of every row that cascades from a submission, or None if the collector is needed.

    Asked on every call: a receiver connected since the last one changes the answer."""
    if pre_delete.has_listeners(Submission) or post_delete.has_listeners(Submission):
        return None
    collector = Collector(using=DEFAULT_DB_ALIAS)
    tables = []
    relation: Any
    for relation in get_candidate_relations_to_delete(Submission._meta):
        model = relation.related_model
        if relation.on_delete is not CASCADE or not collector.can_fast_delete(
            model._base_manager.all(), from_field=relation.field
        ):
            return None
        tables.append((model._meta.db_table, relation.field.column))
    return sorted(tables)
