"""Every task has its queue and its own time limits (issue 16): nothing heavy delays an acknowledgement."""

import pytest

from nasuwt_send.celery import app

MAIL = {"evidence.tasks.send_outbound_email", "evidence.tasks.relay_outbox"}
HEAVY = {
    "evidence.tasks.send_weekly_digest",
    "evidence.tasks.purge_expired_evidence",
    "evidence.tasks.purge_abandoned_journeys",
    "evidence.tasks.purge_access_log",
    # Evidence packs (issue 14)
    "evidence.tasks.make_evidence_pack",
    "evidence.tasks.purge_expired_packs",
    "evidence.tasks.refresh_public_figures",
    "evidence.tasks.train_theme_model",  # theme suggestions (issue 13)
    # Subject access ZIPs (issue 16)
    "evidence.tasks.make_personal_data_zip",
    "evidence.tasks.purge_expired_personal_data",
    # Evidence export (issue 16): a long list's file, and the purge of old files
    "evidence.tasks.make_evidence_export",
    "evidence.tasks.purge_expired_exports",
}


def our_tasks() -> list[str]:
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def test_unrouted_tasks_go_to_the_default_queue():
    assert app.conf.task_default_queue == "default"


def test_the_project_has_tasks_to_check():
    assert set(our_tasks()) >= MAIL | HEAVY


@pytest.mark.parametrize("name", our_tasks())
def test_every_task_is_routed_to_a_queue_the_workers_consume(name):
    queue = app.amqp.router.route({}, name)["queue"].name
    expected = "mail" if name in MAIL else "heavy" if name in HEAVY else "default"
    assert queue == expected
    assert name in app.conf.task_routes, "each task names its queue, none falls to the default by accident"


@pytest.mark.parametrize("name", our_tasks())
def test_every_task_sets_its_own_soft_and_hard_time_limits(name):
    task = app.tasks[name]
    assert task.soft_time_limit is not None and task.time_limit is not None
    assert 0 < task.soft_time_limit < task.time_limit
    # A task still running when its message is redelivered would run twice at once.
    assert task.time_limit < app.conf.broker_transport_options["visibility_timeout"]


def test_the_send_task_is_claimed_again_only_after_its_own_hard_limit(settings):
    # outbox.stale_claim_before counts a claim stale after CELERY_TASK_TIME_LIMIT.
    assert app.tasks["evidence.tasks.send_outbound_email"].time_limit == settings.CELERY_TASK_TIME_LIMIT


def test_heavy_work_has_more_time_than_an_email():
    email = app.tasks["evidence.tasks.send_outbound_email"].time_limit
    assert all(app.tasks[name].time_limit > email for name in HEAVY)
