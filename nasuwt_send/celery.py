"""The Celery app. Its configuration is Django's settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import task_success

from nasuwt_send import job_runs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")

app = Celery("nasuwt_send")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The purges' last success, for the metrics (the receiver runs in the worker, after the task returns).
task_success.connect(job_runs.on_task_success, weak=False)
