"""Submission.theme_flags (evidence.models.theme_flags): one bit per theme the member chose or staff
added, filled for the submissions already here.

The fill is written out here rather than imported, so this migration keeps doing what it did when the
model changes: the same ``UPDATE`` as ``refresh_theme_flags``, for every submission with a theme.
"""

from django.db import migrations, models

THEME_BITS = {
    "workload": 1,
    "banding": 2,
    "notional-budgets": 4,
    "training": 8,
    "sv-dbv": 16,
    "general": 32,
}


def fill_flags(apps, schema_editor):
    bits = " ".join(f"WHEN '{slug}' THEN {bit}" for slug, bit in THEME_BITS.items())
    links = " UNION ".join(
        f"SELECT theme_id FROM {table} WHERE submission_id = evidence_submission.id"  # noqa: S608
        for table in ("evidence_submission_themes", "evidence_submission_staff_themes")
    )
    schema_editor.execute(
        f"UPDATE evidence_submission SET theme_flags = COALESCE((SELECT SUM(CASE t.slug {bits} ELSE 0 END) "  # noqa: S608
        f"FROM ({links}) l JOIN evidence_theme t ON t.id = l.theme_id), 0)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0020_counted_figures_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="theme_flags",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_flags, migrations.RunPython.noop),
    ]
