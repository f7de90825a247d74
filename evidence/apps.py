from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence from members"

    def ready(self) -> None:
        from evidence import question_panels
        from evidence.models import search
        from evidence.privacy.audit import connect_sign_in_signals
        from evidence.triage.access import make_staff_groups

        # Once per migrate: evidence comes after consultation in INSTALLED_APPS, and the handler makes
        # the permissions it needs itself, so the order does not matter.
        post_migrate.connect(make_staff_groups, sender=self, dispatch_uid="evidence.make_staff_groups")
        question_panels.connect()
        connect_sign_in_signals()
        search.connect()
