from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence from members"

    def ready(self) -> None:
        from evidence import question_panels
        from evidence.privacy.audit import connect_sign_in_signals
        from evidence.triage.access import make_staff_groups

        # Once per migrate: evidence comes after consultation in INSTALLED_APPS, and the handler makes
        # the permissions it needs itself, so the order does not matter.
        post_migrate.connect(make_staff_groups, sender=self, dispatch_uid="evidence.make_staff_groups")
        question_panels.connect()
        connect_sign_in_signals()
        # Near-duplicate groups and alerts (issue 13): read in the worker once the submission commits.
        from evidence import tasks
        from evidence.models import submission_sent

        submission_sent.connect(tasks.queue_reading_after_commit, dispatch_uid="evidence.group_and_alerts")
