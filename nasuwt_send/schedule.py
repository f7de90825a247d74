"""What runs where and when: each Celery task's queue, and the beat schedule (read by settings as
CELERY_TASK_ROUTES and CELERY_BEAT_SCHEDULE).

Queues (issue 16): acknowledgements never wait behind heavy work. `mail` carries the outbox and the
alerts' emails, `default` the work on one submission, `heavy` digests, purges, packs and training;
workers also drain the old `celery` queue for one release, so messages queued before the upgrade
still run. Times are London's (CELERY_TIMEZONE), the nightly jobs kept clear of the 01:00-02:00
clock-change hour and after one another.
"""

from celery.schedules import crontab

TASK_ROUTES = {
    "evidence.tasks.send_outbound_email": {"queue": "mail"},
    "evidence.tasks.relay_outbox": {"queue": "mail"},
    # Reading a sent submission (issue 13): alerts, near-duplicate group, theme suggestions.
    "evidence.tasks.read_sent_submission": {"queue": "default"},
    "evidence.tasks.send_weekly_digest": {"queue": "heavy"},
    "evidence.tasks.purge_expired_evidence": {"queue": "heavy"},
    "evidence.tasks.purge_abandoned_journeys": {"queue": "heavy"},
    "evidence.tasks.purge_access_log": {"queue": "heavy"},
    "evidence.tasks.train_theme_model": {"queue": "heavy"},
    "evidence.tasks.refresh_public_figures": {"queue": "heavy"},
    "evidence.tasks.make_evidence_pack": {"queue": "heavy"},
    "evidence.tasks.purge_expired_packs": {"queue": "heavy"},
    # Subject access ZIPs (issue 16): made in the worker, deleted after SUBJECT_ACCESS_RETENTION_DAYS.
    "evidence.tasks.make_personal_data_zip": {"queue": "heavy"},
    "evidence.tasks.purge_expired_personal_data": {"queue": "heavy"},
    # The dashboard's and tracker's counts (issue 16, dash): short, every minute, on `default`.
    "evidence.tasks.refresh_triage_figures": {"queue": "default"},
    # Evidence export (issue 16): a long list's CSV, and the daily purge of old export files.
    "evidence.tasks.make_evidence_export": {"queue": "heavy"},
    "evidence.tasks.purge_expired_exports": {"queue": "heavy"},
}

BEAT_SCHEDULE = {
    "relay-outbox": {
        "task": "evidence.tasks.relay_outbox",
        "schedule": 60.0,
    },
    # Monday 07:00.
    "weekly-digest": {
        "task": "evidence.tasks.send_weekly_digest",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
    # Privacy (issue 11): the retention purge nightly at 03:30; the files and sessions of abandoned
    # forms every hour.
    "purge-expired-evidence": {
        "task": "evidence.tasks.purge_expired_evidence",
        "schedule": crontab(minute=30, hour=3),
    },
    "purge-abandoned-journeys": {
        "task": "evidence.tasks.purge_abandoned_journeys",
        "schedule": crontab(minute=17),
    },
    # 03:45, after the evidence purge: the audit log's retention.
    "purge-access-log": {
        "task": "evidence.tasks.purge_access_log",
        "schedule": crontab(minute=45, hour=3),
    },
    # 03:50, after the other purges: evidence packs past EVIDENCE_PACK_RETENTION_DAYS.
    "purge-expired-packs": {
        "task": "evidence.tasks.purge_expired_packs",
        "schedule": crontab(minute=50, hour=3),
    },
    # 04:15, after the purges, so what they removed is forgotten by the theme model within a day.
    "train-theme-model": {
        "task": "evidence.tasks.train_theme_model",
        "schedule": crontab(minute=15, hour=4),
    },
    # "What members told us" rebuilt from the weekly rollup every 5 minutes; a removed quote retires
    # the cached figures at once, without waiting for it.
    "refresh-public-figures": {
        "task": "evidence.tasks.refresh_public_figures",
        "schedule": crontab(minute="*/5"),
    },
    # 03:55, after the other purges: subject-access ZIPs past SUBJECT_ACCESS_RETENTION_DAYS.
    "purge-expired-personal-data": {
        "task": "evidence.tasks.purge_expired_personal_data",
        "schedule": crontab(minute=55, hour=3),
    },
    # The dashboard's and tracker's counts on a large installation (evidence.triage.figures).
    "refresh-triage-figures": {
        "task": "evidence.tasks.refresh_triage_figures",
        "schedule": 60.0,
    },
    # 03:58, after the pack and ZIP purges: export files past EVIDENCE_EXPORT_RETENTION_DAYS (rows kept).
    "purge-expired-exports": {
        "task": "evidence.tasks.purge_expired_exports",
        "schedule": crontab(minute=58, hour=3),
    },
}
