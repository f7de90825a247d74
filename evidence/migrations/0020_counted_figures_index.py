"""The dashboard's and the tracker's counts of submissions held (issue 16, decision 0065): one narrow
partial index with every column they read, so PostgreSQL counts from it alone (an index-only scan)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0019_personal_data_requests"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                condition=models.Q(models.Q(("status", "spam"), _negated=True), ("restricted", False)),
                fields=["local_authority", "role", "received_at", "id"],
                name="submission_counted_figures",
            ),
        ),
    ]
