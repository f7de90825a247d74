"""Queries the worker runs for every sent submission, compiled to SQL once per process.

Django compiles a QuerySet anew each time it runs. For the worker's per-submission reads that cost more
CPU than PostgreSQL's answering them (the near-duplicate band lookup's 32 branches, the themes' four
EXISTS), and the worker shares a core with gunicorn (issue 16). A ``CompiledQuery`` calls its function
once, with placeholder ids, keeps the SQL, and runs it afterwards with the real ids as parameters.

Rules:

- **Only values change**: the function takes integers and returns a ``values_list()`` QuerySet whose
  SQL does not depend on them (no ``__in`` of a list whose length varies, no slice by an argument).
- **Rows as the driver gives them**: Django's converters are not applied, so only columns that need
  none belong in one (integers, text, booleans, bytes; not dates, JSON or decimals).
- **A locking read runs in its transaction**: Django refuses ``select_for_update()`` outside one only
  when it compiles, at the first run; the caller's ``transaction.atomic`` must hold every run.
- **Loud**: a placeholder that Django did not pass as a parameter (written into the SQL, or dropped)
  fails the first run, rather than running a query about the placeholder.
"""

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Negative, so never a real id, yet inside a 32-bit id's range: Django 5 compiles an exact lookup of a
# value outside its column's range to an empty result instead of a parameter. A parameter equal to
# one of these came from the placeholders; any other is one of the query's own constants (a state).
PLACEHOLDER = -2_000_000_001


class CompiledQuery:
    """``build``'s query, compiled at its first ``rows()``; ``rows(*values)`` runs it with ``values``."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]]):
        self.build = build
        self.compiled: tuple[str, str, list[tuple[bool, Any]]] | None = None

    def rows(self, *values: int) -> list[tuple[Any, ...]]:
        alias, sql, params = self.compiled or self._compile(len(values))
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [values[p] if is_value else p for is_value, p in params])
            return cursor.fetchall()

    def _compile(self, count: int) -> tuple[str, str, list[tuple[bool, Any]]]:
        placeholders = [PLACEHOLDER - i for i in range(count)]
        queryset = self.build(*placeholders)
        sql, compiled_params = queryset.query.get_compiler(queryset.db).as_sql()
        params = [(True, placeholders.index(p)) if p in placeholders else (False, p) for p in compiled_params]
        if {p for is_value, p in params if is_value} != set(range(count)):
            raise ValueError(f"{self.build.__qualname__}: not every value is a parameter of its SQL.")
        self.compiled = (queryset.db, sql, params)
        return self.compiled
