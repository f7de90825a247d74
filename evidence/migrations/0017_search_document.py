"""One search document per submission (evidence.models.search), filled for the submissions already here,
with one GIN trigram index on its (capitalised) text on PostgreSQL; the ten per-column trigram indexes of 0006
go, since the search no longer reads those columns one by one.

The backfill is written out here rather than imported, so this migration keeps doing what it did when
the model changes: the same ``INSERT ... SELECT`` as ``refresh_search_documents``, for every submission.
"""

import django.db.models.deletion
from django.db import migrations, models

ANSWER_TABLES = [
    "evidence_workloadanswer",
    "evidence_bandinganswer",
    "evidence_budgetanswer",
    "evidence_traininganswer",
    "evidence_svdbvanswer",
    "evidence_generalanswer",
]
OLD_INDEXES = [
    ("evidence_submission", "experience"),
    ("evidence_submission", "reference"),
    ("evidence_submission", "email"),
    ("evidence_submission", "name"),
    *((table, "details") for table in ANSWER_TABLES),
]
INDEX = "searchdocument_text_trgm"


def fill_documents(apps, schema_editor):
    parts = ["s.reference", "s.experience", "s.name", "s.email"]
    joins = []
    for n, table in enumerate(ANSWER_TABLES):
        joins.append(f"LEFT JOIN {table} a{n} ON a{n}.submission_id = s.id")
        parts.append(f"COALESCE(a{n}.details, '')")
    text = "UPPER(" + " || '\n' || ".join(parts) + ")"
    schema_editor.execute(
        f"INSERT INTO evidence_searchdocument (submission_id, text) "  # noqa: S608
        f"SELECT s.id, {text} FROM evidence_submission s {' '.join(joins)}"
    )


def _old_name(table, column):
    return f"{table.removeprefix('evidence_')}_{column}_trgm"


def index_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON evidence_searchdocument USING gin (text gin_trgm_ops)'
    )
    for table, column in OLD_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_old_name(table, column)}"')


def restore_column_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')
    for table, column in OLD_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_old_name(table, column)}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0016_theme_suggestions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "submission",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="evidence.submission",
                    ),
                ),
                ("text", models.TextField()),
            ],
        ),
        migrations.RunPython(fill_documents, migrations.RunPython.noop),
        migrations.RunPython(index_documents, restore_column_indexes),
    ]
