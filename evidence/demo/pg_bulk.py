"""Writing many rows fast on PostgreSQL: COPY, ids from the sequence, and what slows a bulk load set aside.

Used by the demo seeding (evidence/demo/seed.py); nothing here knows about evidence.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
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


@dataclass
class SetAside:
    """What a bulk load dropped inside its transaction: the statements that make it again."""

    indexes: list[str] = field(default_factory=list)  # CREATE INDEX ...
    foreign_keys: list[str] = field(default_factory=list)  # ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY


def set_aside(tables: list[str]) -> SetAside | None:
    """Drop, inside the current transaction, the tables' indexes that enforce nothing (all but primary keys
    and unique ones) and the foreign keys from one of them to another; ``put_back`` makes them again.

    Keeping an index up to date row by row costs more than building it once over the whole table, and
    a deferred foreign key checks each row by a query of its own at commit, where adding the constraint
    back checks them all in one join. Unique indexes stay: they are what refuses a duplicate as it comes.
    Foreign keys to tables outside ``tables`` stay too: dropping one locks the table it points at (the
    themes, the authorities) against every reader until the commit.

    Never waits more than a moment for the locks: if a table is busy, nothing is dropped (None)."""
    names = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique ORDER BY 1",
            [names],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname), "
            "format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname, "
            "pg_get_constraintdef(oid)) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = ANY(%s::regclass[]) AND confrelid = ANY(%s::regclass[]) ORDER BY conname",
            [names, names],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute("SELECT current_setting('lock_timeout')")
        (lock_timeout,) = cursor.fetchone()
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL lock_timeout = '2s'")
                for drop, _ in foreign_keys:
                    cursor.execute(drop)
                for name, _ in indexes:
                    cursor.execute(f"DROP INDEX {name}")
        except OperationalError:
            return None
        finally:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
    return SetAside(
        indexes=[definition for _, definition in indexes], foreign_keys=[add for _, add in foreign_keys]
    )


def put_back(aside: SetAside) -> None:
    """Build the indexes again over the whole tables, then add the foreign keys back (checked in one
    join each)."""
    with connection.cursor() as cursor:
        # CREATE INDEX refuses a table with foreign keys still to check: check them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Room for the btree builds' sorts and the trigram build's lists of a million rows (about 1.5 GB
        # of row pointers, spilled and merged when full); at 100,000, 64 MB and 4 GB measured the same.
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for statement in (*aside.indexes, *aside.foreign_keys):
            cursor.execute(statement)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze(tables: list[str]) -> None:
    """Fresh statistics, so the first query after a bulk load does not plan for the empty table."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


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
