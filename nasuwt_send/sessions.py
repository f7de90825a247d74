"""Sessions in the database, read and written with one statement each.

Every request of a member's journey reads its session (the answers so far are in it) and every step
that saves writes it. Django's database store does this through the ORM: building, compiling and
running a query to read the row, and an atomic block (BEGIN, UPDATE, COMMIT: three round trips) to
write it. In the bench that was about a quarter of a journey request's CPU (issue 16). This store is
Django's, with the same table, model, keys, encoding and errors; only those two operations are one
parameterised statement each:

- reading: ``SELECT session_data ... WHERE session_key = %s AND expire_date > %s``;
- updating: one ``UPDATE`` in autocommit (a single statement is already atomic), ``UpdateError``
  when no row matched, as Django's forced update raises;
- creating: ``INSERT ... ON CONFLICT (session_key) DO NOTHING``, ``CreateError`` when the key was
  taken, without the savepoint a failed insert would need inside a request's transaction.

Sessions stay in PostgreSQL, never in Redis: a journey's answers are members' personal data and must
survive a Redis outage (decision 0010).
"""

from typing import Any

from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class StoredSession:
    """What ``load`` needs of a row: its data (Django's store returns a model instance)."""

    __slots__ = ("session_data",)

    def __init__(self, session_data: str) -> None:
        self.session_data = session_data


class SessionStore(DatabaseSessionStore):
    def _table(self, using: str) -> str:
        # The model's own table name, quoted: the only text put into the statements; values are parameters.
        return connections[using].ops.quote_name(self.model._meta.db_table)

    def _get_session_from_db(self) -> StoredSession | None:
        if self.session_key is None:  # no cookie, or one of the wrong shape
            return None
        using = router.db_for_read(self.model)
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {self._table(using)} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: a missing or expired session gets a new key
            return None
        return StoredSession(row[0])

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)  # type: ignore[attr-defined]  # as Django's save
        values: list[Any] = [self.encode(data), self.get_expiry_date(), self.session_key]
        using = router.db_for_write(self.model)
        table = self._table(using)
        with connections[using].cursor() as cursor:
            if must_create:
                cursor.execute(
                    f"INSERT INTO {table} (session_data, expire_date, session_key) VALUES (%s, %s, %s) "  # noqa: S608
                    "ON CONFLICT (session_key) DO NOTHING",
                    values,
                )
                if cursor.rowcount != 1:
                    raise CreateError
            else:
                cursor.execute(
                    f"UPDATE {table} SET session_data = %s, expire_date = %s WHERE session_key = %s",  # noqa: S608
                    values,
                )
                if cursor.rowcount != 1:
                    # Deleted meanwhile (signed out elsewhere, purged): the middleware answers 400.
                    raise UpdateError
