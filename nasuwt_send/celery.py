"""The Celery app. Its configuration is Django's settings under the CELERY_ namespace."""

import gc
import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun, task_success, worker_process_init, worker_ready
from django.db import close_old_connections

from nasuwt_send import job_runs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")

app = Celery("nasuwt_send")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The purges' last success, for the metrics (the receiver runs in the worker, after the task returns).
task_success.connect(job_runs.on_task_success, weak=False)


def keep_or_close_the_database_connection(sender: Any = None, task: Any = None, **kwargs: Any) -> None:
    """Before and after each task, what Django does around each web request: a connection that is
    broken or older than CONN_MAX_AGE is closed, and a kept one is health-checked on its next use.

    Not around an eager task: it runs inside its caller's transaction (a request's, a test's), which
    ``close_old_connections`` would take for a broken connection.
    """
    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()


task_prerun.connect(keep_or_close_the_database_connection, weak=False)
task_postrun.connect(keep_or_close_the_database_connection, weak=False)


def freeze_what_the_worker_loaded(**kwargs: Any) -> None:
    """As gunicorn's workers do (nasuwt_send.gunicorn_config): once Django and the tasks are loaded,
    the collector stops walking them after every few hundred allocations. In the process that runs
    the tasks: a prefork child once forked, or the worker itself with the solo pool."""
    gc.collect()
    gc.freeze()


worker_process_init.connect(freeze_what_the_worker_loaded, weak=False)
worker_ready.connect(freeze_what_the_worker_loaded, weak=False)
