"""One bit per theme on each submission, whether the member chose it or staff added it.

Rules:

- **What it holds**: ``Submission.theme_flags`` is the sum of ``THEME_BITS`` of the themes in either
  link table (``themes``, ``staff_themes``); 0 for none. It is a copy, for one reader: the list's theme
  filter. ``EXISTS`` over the two link tables made PostgreSQL either hash 250,000 links before the first
  row or probe about 70,000 rows for the capped count (about 250-400 ms at a million submissions,
  bench/stack/admin_filters.py); a column of the row is read as it walks the newest-first index.
- **Kept current in the same transaction**: ``m2m_changed`` of either link table (add, remove, clear,
  from either side) rewrites the flags of the submissions touched, inside the related manager's own
  transaction (``connect``, from ``EvidenceConfig.ready``). Bulk writes that bypass the managers (the
  demo seed) write the column with the rows (``flags_of``).
- **One statement per refresh**: an ``UPDATE`` whose value is the sum of the bits of the union of both
  link tables' themes (a union, so a theme in both counts once), on PostgreSQL and SQLite alike.
"""

from collections.abc import Iterable
from typing import Any

from django.db import connections
from django.db.models.signals import m2m_changed

from evidence.models.reference import Theme
from evidence.models.submission import Submission

THEME_BITS = {
    Theme.WORKLOAD: 1,
    Theme.BANDING: 2,
    Theme.NOTIONAL_BUDGETS: 4,
    Theme.TRAINING: 8,
    Theme.SV_DBV: 16,
    Theme.GENERAL: 32,
}
LINK_TABLES = (Submission.themes.through, Submission.staff_themes.through)


def flags_of(slugs: Iterable[str]) -> int:
    return sum(THEME_BITS[slug] for slug in set(slugs))


def refresh_theme_flags(*, where: str, params: list[Any], using: str = "default") -> None:
    """Rewrite the flags of every submission matching the SQL condition ``where`` (on its own table)."""
    quote = connections[using].ops.quote_name
    table = quote(Submission._meta.db_table)
    bits = " ".join(f"WHEN '{slug}' THEN {bit}" for slug, bit in THEME_BITS.items())
    links = " UNION ".join(
        f"SELECT theme_id FROM {quote(through._meta.db_table)} WHERE submission_id = {table}.id"  # noqa: S608
        for through in LINK_TABLES
    )
    sql = (
        f"UPDATE {table} SET theme_flags = COALESCE((SELECT SUM(CASE t.slug {bits} ELSE 0 END) "  # noqa: S608
        f"FROM ({links}) l JOIN {quote(Theme._meta.db_table)} t ON t.id = l.theme_id), 0) WHERE {where}"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)


def _links_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    using = kwargs["using"]
    if not reverse:
        refresh_theme_flags(where="id = %s", params=[instance.pk], using=using)
    elif pk_set:
        refresh_theme_flags(
            where="id IN (" + ", ".join(["%s"] * len(pk_set)) + ")", params=list(pk_set), using=using
        )
    elif action == "post_clear":
        # theme.submissions.clear(): the submissions it had are gone from the links; rewrite all.
        refresh_theme_flags(where="theme_flags > 0", params=[], using=using)


def connect() -> None:
    for through in LINK_TABLES:
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"evidence.theme_flags.{through.__name__}"
        )
