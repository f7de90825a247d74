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
        self.connect_theme_suggestions()

    def connect_theme_suggestions(self) -> None:
        """Theme suggestions (issue 13): a sent submission queues its suggestions once it commits."""
        from evidence.analysis.suggestions import queue_after_commit
        from evidence.models import submission_sent
        from evidence.tasks import suggest_themes

        receiver = queue_after_commit(suggest_themes.delay)
        submission_sent.connect(receiver, weak=False, dispatch_uid="evidence.suggest_themes")
