# The history records restriction of processing being put on or lifted (issue 11).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0008_submission_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="submissionchange",
            name="field",
            field=models.CharField(
                choices=[
                    ("status", "Status"),
                    ("assignee", "Assignee"),
                    ("priority", "Priority"),
                    ("staff_themes", "Themes added by staff"),
                    ("restricted", "Restriction of processing"),
                ],
                max_length=20,
            ),
        ),
    ]
