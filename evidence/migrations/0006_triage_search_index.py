"""Indexes for the Education Team's list and search.

- ``(received_at DESC, id DESC)``: the list's default order, so the newest page is read from the index.
- PostgreSQL only: the ``pg_trgm`` extension and GIN trigram indexes on ``UPPER(column)`` for every
  column the admin search reads. Django's ``icontains`` is ``UPPER(col::text) LIKE UPPER('%term%')``,
  and a trigram index on the same expression serves it without reading every row.

These indexes are not in the models' Meta (an expression index with an operator class on one database
only cannot be), so they are made by SQL here and Django's migration state does not track them.
"""

from django.db import migrations

SEARCHED = [
    ("evidence_submission", "experience"),
    ("evidence_submission", "reference"),
    ("evidence_submission", "email"),
    ("evidence_submission", "name"),
    ("evidence_workloadanswer", "details"),
    ("evidence_bandinganswer", "details"),
    ("evidence_budgetanswer", "details"),
    ("evidence_traininganswer", "details"),
    ("evidence_svdbvanswer", "details"),
    ("evidence_generalanswer", "details"),
]


def _name(table: str, column: str) -> str:
    return f"{table.removeprefix('evidence_')}_{column}_trgm"


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCHED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0005_outbox_next_attempt_at"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS submission_received_id ON evidence_submission (received_at DESC, id DESC)",
            "DROP INDEX IF EXISTS submission_received_id",
        ),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
