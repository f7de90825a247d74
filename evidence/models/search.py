"""One search document per submission: every word the Education Team's search reads, in one row.

Rules:

- **What it holds**: the reference, the member's words, name and email, and the details of each theme
  answer, separated by newlines (so no search word spans two of them), in capitals, written by the
  database's own ``UPPER``. Nothing else; the document is a copy of the submission's own columns, kept
  for one index. The search capitalises its words with the same ``UPPER`` and matches with a plain
  ``LIKE``: about three times cheaper per row than ``UPPER(text) LIKE`` over a 500-character document,
  and a common word's capped count reads thousands of them.
- **Kept up to date on every write** that can change those columns: the ``post_save`` of a submission or
  of a theme answer rewrites the document (``connect``, from ``EvidenceConfig.ready``); bulk writes that
  bypass ``save()`` (the demo seed) call ``refresh_search_documents`` themselves. A save that names its
  ``update_fields`` and touches none of the searched columns (a status or priority change) writes
  nothing. Inside ``one_document_write()`` (the "Send evidence" use case: a submission and up to six
  answers) the saves only note their submission, and the document is written once at the end.
- **One statement per refresh**: ``INSERT ... SELECT`` over the submission and its answers (one LEFT JOIN
  per answer table, each on a unique key) with an upsert, on PostgreSQL and SQLite alike.
- **Goes with the submission**: a cascade on its key, so an erasure and the retention purge (whose
  ``DELETE ... WHERE submission_id = ANY(ids)`` covers every cascading table) remove it in the same
  transaction.
- **Indexed on PostgreSQL only**: a GIN trigram index on ``text`` (migration 0013) serves the ``LIKE``.
  SQLite reads the documents one by one: the simpler path, fine at its sizes.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections, models
from django.db.models.signals import post_save

from evidence.models.submission import ANSWER_MODELS, Submission

SEARCHED_COLUMNS = frozenset({"reference", "experience", "name", "email"})
# The submissions saved inside one_document_write(), waiting for their one write; None outside it.
_waiting: ContextVar[set[tuple[str, int]] | None] = ContextVar("search_documents_waiting", default=None)


class SearchDocument(models.Model):
    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    text = models.TextField()

    def __str__(self) -> str:
        return f"search document of {self.submission_id}"


def refresh_search_documents(*, where: str, params: list[Any], using: str = "default") -> None:
    """Write (or rewrite) the document of every submission ``s`` matching the SQL condition ``where``."""
    quote = connections[using].ops.quote_name
    parts = [f"s.{quote(column)}" for column in ("reference", "experience", "name", "email")]
    joins = []
    for n, model in enumerate(ANSWER_MODELS.values()):
        joins.append(f"LEFT JOIN {quote(model._meta.db_table)} a{n} ON a{n}.submission_id = s.id")
        parts.append(f"COALESCE(a{n}.details, '')")
    text = "UPPER(" + " || '\n' || ".join(parts) + ")"
    sql = (
        f"INSERT INTO {quote(SearchDocument._meta.db_table)} (submission_id, text) "  # noqa: S608
        f"SELECT s.id, {text} FROM {quote(Submission._meta.db_table)} s {' '.join(joins)} WHERE {where} "
        "ON CONFLICT (submission_id) DO UPDATE SET text = excluded.text"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)


@contextmanager
def one_document_write() -> Iterator[None]:
    """Saves inside write each submission's document once, when the block ends without an error."""
    waiting: set[tuple[str, int]] = set()
    token = _waiting.set(waiting)
    try:
        yield
    finally:
        _waiting.reset(token)
    for using, pk in waiting:
        refresh_search_documents(where="s.id = %s", params=[pk], using=using)


def _refresh(using: str, pk: int) -> None:
    waiting = _waiting.get()
    if waiting is not None:
        waiting.add((using, pk))
    else:
        refresh_search_documents(where="s.id = %s", params=[pk], using=using)


def _submission_saved(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if kwargs.get("raw") or (update_fields is not None and not SEARCHED_COLUMNS & set(update_fields)):
        return
    _refresh(kwargs["using"], instance.pk)


def _answer_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _refresh(kwargs["using"], instance.submission_id)


def connect() -> None:
    post_save.connect(_submission_saved, sender=Submission, dispatch_uid="evidence.search.submission")
    for model in ANSWER_MODELS.values():
        post_save.connect(_answer_saved, sender=model, dispatch_uid=f"evidence.search.{model.__name__}")
