"""Handing one row's work to the worker by the task's name.

The packages that do the work (``triage``, ``privacy``, ``publishing``) sit below ``evidence.tasks``
and may not import it, so they queue its tasks by name. A broker that does not answer must never fail
the person's request: the caller is told, marks its row failed, and its status page says so.
"""

import logging

from celery import current_app

log = logging.getLogger(__name__)


def queue_by_name(task_name: str, row_id: int, *, what: str) -> bool:
    """Queue ``task_name`` for ``row_id`` (in-process when tasks run eagerly); False when the broker did
    not take it. ``what`` names the row in the log line (never anything a member wrote)."""
    try:
        if task_name not in current_app.tasks:  # the web process has not read the tasks modules yet
            current_app.loader.import_default_modules()
        current_app.tasks[task_name].apply_async(args=(row_id,))
    except Exception as exc:
        log.warning("Could not queue %s %s (%s).", what, row_id, type(exc).__name__)
        return False
    return True
