# Subject access ZIPs made in the worker (issue 16): the request, the submissions its ZIP holds, and the
# audit log's download event.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import evidence.storage


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0018_export_files"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view-submission", "Opened a submission"),
                    ("download-file", "Downloaded a file"),
                    ("search", "Searched"),
                    ("export", "Exported evidence"),
                    ("erase", "Erased a submission"),
                    ("subject-access", "Exported personal data"),
                    ("correct", "Corrected contact details or consents"),
                    ("restrict", "Restricted a submission"),
                    ("unrestrict", "Lifted a restriction"),
                    ("sign-in", "Signed in"),
                    ("sign-in-failed", "Failed to sign in"),
                    ("locked-out", "Locked out"),
                    ("sign-out", "Signed out"),
                    ("make-pack", "Made an evidence pack"),
                    ("download-pack", "Downloaded an evidence pack"),
                    ("quote", "Selected, edited, approved or removed a quote"),
                    ("campaign", "Marked or unmarked a campaign group"),
                    ("download-personal", "Downloaded personal data (subject access ZIP)"),
                    ("download-export", "Downloaded an evidence export"),
                ],
                db_index=True,
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="PersonalDataRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting for the worker"),
                            ("running", "Being made"),
                            ("ready", "Ready to download"),
                            ("failed", "Could not be made"),
                            ("deleted", "Deleted"),
                        ],
                        db_index=True,
                        default="queued",
                        max_length=10,
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Why it could not be made, or why it was deleted.",
                        max_length=300,
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        storage=evidence.storage.AttachmentStorage(),
                        upload_to="subject-access/",
                    ),
                ),
                ("size", models.PositiveBigIntegerField(default=0)),
                ("submission_count", models.PositiveIntegerField(default=0)),
                ("file_count", models.PositiveIntegerField(default=0)),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "personal data request",
                "ordering": ["-requested_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="PersonalDataSubmission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("submission_id", models.BigIntegerField(db_index=True)),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="held",
                        to="evidence.personaldatarequest",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("request", "submission_id"), name="personal_data_submission_unique"
                    )
                ],
            },
        ),
    ]
