"""Celery tasks: thin, each takes an id (or nothing) and calls the package that owns the work.

Every task is registered as ``evidence.tasks.<name>``, the names the beat schedule and any message
already in the broker use. ``send_outbound_email`` is defined beside the outbox it sends
(``evidence.mail.sending``), so that queuing a row never imports this module; it is imported here so
the worker, which autodiscovers this module, registers it.

acks_late and prefetch 1 are set for every task in settings (CELERY_*), and so is each task's queue
(CELERY_TASK_ROUTES). Each task sets its own time limits, sized to its work; the global ones in
settings are only a fallback.
"""

import logging
from typing import Any

from celery import Task, shared_task

from evidence import digest
from evidence.admin.pack_list import list_submissions
from evidence.analysis import alerts, groups, suggestions, training
from evidence.mail import queue
from evidence.mail.sending import send_outbound_email
from evidence.privacy import abandoned, audit, personal_data_requests, retention
from evidence.publishing.packs import lifecycle as pack_lifecycle
from evidence.submissions.journey import live_journey_keys
from evidence.triage import export_files
from evidence.triage import figures as triage_figures
from evidence.weeks import IsoWeek

log = logging.getLogger(__name__)

__all__ = [
    "make_evidence_export",
    "make_evidence_pack",
    "make_personal_data_zip",
    "purge_abandoned_journeys",
    "purge_access_log",
    "purge_expired_evidence",
    "purge_expired_exports",
    "purge_expired_packs",
    "purge_expired_personal_data",
    "read_sent_submission",
    "relay_outbox",
    "send_outbound_email",
    "send_weekly_digest",
    "train_theme_model",
]


@shared_task(
    bind=True,
    soft_time_limit=queue.RELAY_SOFT_TIME_LIMIT_SECONDS,
    time_limit=queue.RELAY_SOFT_TIME_LIMIT_SECONDS + 30,
)
def relay_outbox(self: Task[Any, Any]) -> dict[str, int]:
    result = queue.relay()
    return {
        "requeued_pending": result.requeued_pending,
        "requeued_stuck": result.requeued_stuck,
        "not_queued": result.not_queued,
    }


# One email written from the week's rows: minutes at most, even at a million submissions.
@shared_task(bind=True, soft_time_limit=300, time_limit=360)
def send_weekly_digest(self: Task[Any, Any], week: str | None = None) -> str:
    email, created = digest.send_weekly_digest(week=IsoWeek.parse(week) if week else None)
    if email is None:
        return "not written"
    return f"{email.idempotency_key} {'written' if created else 'already written'}"


# A first run after a long pause may have many batches: a time limit stops it between whole batches, and
# the next day's run carries on.
@shared_task(bind=True, soft_time_limit=600, time_limit=660)
def purge_access_log(self: Task[Any, Any]) -> int:
    return audit.purge_access_log()


# --- Privacy: retention and abandoned forms (evidence.privacy) ------------------------------------
# The purge of a million rows takes minutes, beyond the default time limit; it commits batch by batch,
# so a purge cut short keeps what it did and the next night's run carries on.


@shared_task(bind=True, soft_time_limit=1800, time_limit=1900)
def purge_expired_evidence(self: Task[Any, Any]) -> dict[str, int]:
    purged = retention.purge_expired_evidence()
    return {"submissions": purged.submissions, "files": purged.files, "emails": purged.emails}


# Hourly: an hour's abandoned forms and their files; a run cut short leaves the rest for the next.
@shared_task(bind=True, soft_time_limit=600, time_limit=660)
def purge_abandoned_journeys(self: Task[Any, Any]) -> dict[str, int]:
    cleared = abandoned.purge_abandoned_journeys(live_journey_keys=live_journey_keys)
    return {"journeys": cleared.journeys, "files": cleared.files}


# --- Evidence packs (evidence.publishing.packs) -----------------------------------------------------
# 100,000 submissions take well under a minute; the limit leaves room for a busy machine.


@shared_task(bind=True, soft_time_limit=300, time_limit=360)
def make_evidence_pack(self: Task[Any, Any], pack_id: int) -> str:
    pack = pack_lifecycle.make_pack(pack_id=pack_id, list_submissions=list_submissions)
    return f"pack {pack_id} {pack.status if pack else 'gone'}"


# Daily: packs older than EVIDENCE_PACK_RETENTION_DAYS, rows and files.
@shared_task(bind=True, soft_time_limit=600, time_limit=660)
def purge_expired_packs(self: Task[Any, Any]) -> int:
    return pack_lifecycle.purge_expired_packs()


# --- Publishing: "What members told us" (evidence.publishing.public_figures) -----------------------
# Every 5 minutes (beat, heavy queue): the rollup's sums by dimension. Two years of rollup (104 weeks,
# 18,824 rows) built in 0.09 s on the shared 2-core machine, 55 kB cached; pages read that result.


@shared_task(bind=True, soft_time_limit=120, time_limit=150)
def refresh_public_figures(self: Task[Any, Any]) -> str:
    from evidence.publishing.public_figures import refresh_public_figures as refresh

    figures = refresh()
    return f"up to {figures['up_to_week']}, {len(figures['quotes'])} quotes"


# --- Reading a sent submission: alerts, groups, suggestions (evidence.analysis, issue 13) ---------
# One task per sent submission, queued after it commits (evidence.analysis.queuing, connected in
# EvidenceConfig.ready): one message is all the member's request pays for (a median 2.9 ms against a
# local Redis; two took 8). Alerts first, since minutes matter there.


@shared_task(bind=True, soft_time_limit=30, time_limit=45)
def read_sent_submission(self: Task[Any, Any], submission_id: int) -> dict[str, Any]:
    """Alerts, then the near-duplicate group, then theme suggestions; a failure of one does not stop
    the others."""
    done: dict[str, Any] = {}
    failed: Exception | None = None
    for name, step in (("alerts", _alerts), ("group", _group), ("suggestions", _suggestions)):
        try:
            done[name] = step(submission_id)
        except Exception as exc:
            log.warning("Submission %s: %s failed (%s).", submission_id, name, type(exc).__name__)
            failed = failed or exc
    if failed is not None:
        raise failed
    return done


def _alerts(submission_id: int) -> int:
    return len(alerts.raise_alerts(submission_id=submission_id))


def _group(submission_id: int) -> int | None:
    return groups.find_group(submission_id=submission_id)


def _suggestions(submission_id: int) -> int:
    return len(suggestions.suggest_themes(submission_id=submission_id))


# --- Theme model (evidence.analysis, issue 13) -----------------------------------------------------


# Nightly on `heavy`: learns from the day's live labels, and drops what purged or erased evidence taught.
@shared_task(bind=True, soft_time_limit=1800, time_limit=1900)
def train_theme_model(self: Task[Any, Any]) -> dict[str, int]:
    model = training.train_theme_model()
    return {"live": model.live_count, "vocabulary": len(model.data["vocabulary"])}


# --- Subject access ZIPs (issue 16) (evidence.privacy.personal_data_requests) ---------------------
# At most 100 submissions with up to five 10 MB files each: a few minutes of deflating and copying at
# worst. The soft limit marks the request failed with a message; the hard one stops a stuck worker.


@shared_task(bind=True, soft_time_limit=900, time_limit=960)
def make_personal_data_zip(self: Task[Any, Any], request_id: int) -> str:
    wanted = personal_data_requests.make_personal_data_zip(request_id=request_id)
    return f"personal data request {request_id} {wanted.status if wanted else 'gone'}"


# Daily: ZIPs older than SUBJECT_ACCESS_RETENTION_DAYS, rows and files.
@shared_task(bind=True, soft_time_limit=300, time_limit=360)
def purge_expired_personal_data(self: Task[Any, Any]) -> int:
    return personal_data_requests.purge_expired_personal_data()


# --- Dashboard and tracker figures (issue 16) -------------------------------------------------------
# Every minute on `default` (beat): the pages' whole-table counts, into the cache, where the installation
# is large enough for the pages to read them from there (evidence.triage.figures). At 1,000,000
# submissions the counting took 2.3 s on the loaded 2-core machine; the limit stops a slow run before
# the next one is due.


@shared_task(bind=True, soft_time_limit=45, time_limit=55)
def refresh_triage_figures(self: Task[Any, Any]) -> str:
    counted = triage_figures.refresh_cached_figures()
    return "counted" if counted else "counted live by the pages: nothing to keep"


# --- Evidence export (issue 16) ---------------------------------------------------------------------
# A long list's CSV, written by COPY at tens of thousands of rows a second: a million rows takes under
# a minute, the limits leave room for a busy machine and a slow object store.


@shared_task(bind=True, soft_time_limit=900, time_limit=960)
def make_evidence_export(self: Task[Any, Any], export_id: int) -> str:
    export = export_files.make_export_file(export_id=export_id, list_submissions=list_submissions)
    return f"export {export_id} {export.status if export else 'gone'}"


# Daily: export files older than EVIDENCE_EXPORT_RETENTION_DAYS; the rows stay as the record.
@shared_task(bind=True, soft_time_limit=600, time_limit=660)
def purge_expired_exports(self: Task[Any, Any]) -> int:
    return export_files.purge_expired_export_files()
