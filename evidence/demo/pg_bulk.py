"""Writing many rows fast on PostgreSQL: COPY, ids from the sequence, and GIN indexes set aside.

Used by the demo seeding (evidence/demo/seed.py); nothing here knows about evidence.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import OperationalError, connection, models, transaction

if TYPE_CHECKING:
    from psycopg import Cursor


def next_ids(cursor: "Cursor[Any]", model: type[models.Model], n: int) -> list[int]:
    """Take ``n`` ids from the table's sequence, as ``INSERT`` would, so other rows can name them."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [connection.ops.quote_name(model._meta.db_table), n],
    )
    return sorted(id_ for (id_,) in cursor.fetchall())


def copy_rows(
    cursor: "Cursor[Any]", model: type[models.Model], given: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """``COPY`` ``rows`` (values for the fields ``given``) into ``model``'s table; every other column gets
    its field's default, as ``bulk_create`` would give it."""
    if not rows:
        return
    rest = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in given]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column(model, name)) for name in (*given, *(f.attname for f in rest)))
    with cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row + defaults)


def column(model: type[models.Model], attname: str) -> str:
    return next(f.column for f in model._meta.concrete_fields if f.attname == attname)


def set_aside_gin_indexes(tables: list[str]) -> list[str]:
    """Drop the tables' GIN indexes inside the current transaction; their definitions, to rebuild.

    Never waits more than a moment for the lock: if the tables are busy, the indexes stay ([])."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
            "WHERE am.amname = 'gin' AND i.indrelid = ANY(%s::regclass[]) ORDER BY 1",
            [[connection.ops.quote_name(table) for table in tables]],
        )
        indexes = cursor.fetchall()
        cursor.execute("SELECT current_setting('lock_timeout')")
        (lock_timeout,) = cursor.fetchone()
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL lock_timeout = '2s'")
                for name, _ in indexes:
                    cursor.execute(f"DROP INDEX {name}")
        except OperationalError:
            return []
        finally:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
    return [definition for _, definition in indexes]


def rebuild_indexes(definitions: list[str]) -> None:
    if not definitions:
        return
    with connection.cursor() as cursor:
        # CREATE INDEX refuses a table with foreign keys still to check: check them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def defer_gin_updates() -> None:
    """Let the trigram indexes queue new rows and merge them in bulk, twice as fast."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")


def merge_gin_updates() -> None:
    """Fold the queued rows into the trigram indexes now, so the first search is not the one to pay."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index "
            "JOIN pg_class ON pg_class.oid = indexrelid WHERE relname LIKE %s",
            ["%\\_trgm"],
        )
