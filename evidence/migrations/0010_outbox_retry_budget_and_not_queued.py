from django.db import migrations, models
from django.db.models import F


def budget_from_creation(apps, schema_editor):
    # Rows already tried before the budget was counted in time: it runs from their creation.
    OutboundEmail = apps.get_model("evidence", "OutboundEmail")
    OutboundEmail.objects.filter(attempts__gt=0).update(first_attempt_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0009_history_of_corrections_and_restriction"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="first_attempt_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outboundemail",
            name="not_queued",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="outboundemail",
            index=models.Index(
                condition=models.Q(("not_queued", True), ("status", "pending")),
                fields=["next_attempt_at"],
                name="outbox_not_queued",
            ),
        ),
        migrations.RunPython(budget_from_creation, migrations.RunPython.noop),
    ]
