from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence from members"

    def ready(self) -> None:
        from evidence import question_panels
        from evidence.models import Quote, quotes_removed
        from evidence.privacy.audit import connect_sign_in_signals
        from evidence.publishing.packs.lifecycle import on_quotes_removed
        from evidence.publishing.public_figures import quotes_removed_receiver
        from evidence.triage.access import make_staff_groups

        # Once per migrate: evidence comes after consultation in INSTALLED_APPS, and the handler makes
        # the permissions it needs itself, so the order does not matter.
        post_migrate.connect(make_staff_groups, sender=self, dispatch_uid="evidence.make_staff_groups")
        question_panels.connect()
        connect_sign_in_signals()
        # A quote removed (withdrawal, restriction, erasure, purge): stored packs holding it go too.
        quotes_removed.connect(on_quotes_removed, sender=Quote, dispatch_uid="evidence.packs.quotes_removed")
        # A quote withdrawn, restricted, erased or purged leaves the public page and open data at once.
        quotes_removed.connect(
            quotes_removed_receiver, sender=Quote, dispatch_uid="publishing.public_figures"
        )
        # Near-duplicate groups and alerts (issue 13): read in the worker once the submission commits.
        from evidence import tasks
        from evidence.models import submission_sent

        submission_sent.connect(tasks.queue_reading_after_commit, dispatch_uid="evidence.group_and_alerts")
