"""gunicorn's hooks (``--config python:nasuwt_send.gunicorn_config``, as the Procfile): the metrics'
directory, and the garbage collector told to leave the loaded application alone.

Each worker loads Django (settings, apps, models, URLs) after the fork: objects that live as long as
the worker, which Python's collections of the older generations would walk again and again (a full
collection of a worker's heap took about 100 ms in process). ``post_worker_init`` collects once and
then freezes what is there (``gc.freeze``), so later collections walk only what came after.

prometheus-client's multiprocess mode: each gunicorn worker writes its samples to files in
``PROMETHEUS_MULTIPROC_DIR`` and a scrape, answered by any worker, merges them. The rules:

- the directory is set before any worker starts (workers load the app, and prometheus-client, after
  the fork): the operator's ``PROMETHEUS_MULTIPROC_DIR``, or a fresh temporary directory of this
  master's own, so two gunicorns on one machine never share one;
- it is emptied when the master starts: files left by an earlier run would be counted again;
- a worker's live gauges are dropped when it exits (``mark_process_dead``); a temporary directory is
  removed when the master exits.
"""

import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

ENV = "PROMETHEUS_MULTIPROC_DIR"
_made_here: list[Path] = []


def on_starting(server: Any) -> None:
    if os.environ.get(ENV):
        directory = Path(os.environ[ENV])
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()
    else:
        directory = Path(tempfile.mkdtemp(prefix="nasuwt-prometheus-"))
        _made_here.append(directory)
        os.environ[ENV] = str(directory)


def post_worker_init(worker: Any) -> None:
    gc.collect()
    gc.freeze()


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    for directory in _made_here:
        shutil.rmtree(directory, ignore_errors=True)
