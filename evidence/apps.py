from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence from members"

    def ready(self) -> None:
        from evidence import question_panels
        from evidence.models import Quote, quotes_removed, search, theme_flags
        from evidence.privacy.audit import connect_sign_in_signals
        from evidence.publishing.packs.lifecycle import on_quotes_removed
        from evidence.publishing.public_figures import quotes_removed_receiver
        from evidence.submissions.forms import reference_lists
        from evidence.triage.access import make_staff_groups

        # Once per migrate: evidence comes after consultation in INSTALLED_APPS, and the handler makes
        # the permissions it needs itself, so the order does not matter.
        post_migrate.connect(make_staff_groups, sender=self, dispatch_uid="evidence.make_staff_groups")
        question_panels.connect()
        theme_flags.connect()
        # The authorities and themes the question pages keep per process: read again when one changes.
        reference_lists.connect()
        connect_sign_in_signals()
        # A quote removed (withdrawal, restriction, erasure, purge): stored packs holding it go too.
        quotes_removed.connect(on_quotes_removed, sender=Quote, dispatch_uid="evidence.packs.quotes_removed")
        # A quote withdrawn, restricted, erased or purged leaves the public page and open data at once.
        quotes_removed.connect(
            quotes_removed_receiver, sender=Quote, dispatch_uid="publishing.public_figures"
        )
        # A sent submission is read in the worker once it commits: alerts, group, theme suggestions.
        from evidence import tasks
        from evidence.analysis.queuing import queue_after_commit
        from evidence.mail.queue import cheap_publish
        from evidence.models import submission_sent

        # Looked up when queuing, not now, so that tests (and a reloaded module) see the task as it is.
        receiver = queue_after_commit(
            lambda submission_id: tasks.read_sent_submission.apply_async(
                (submission_id,), **cheap_publish(submission_id)
            )
        )
        submission_sent.connect(receiver, weak=False, dispatch_uid="evidence.read_sent_submission")
        search.connect()
