"""Fixtures for tests with real processes (mark them ``pytest.mark.integration``).

The components themselves live in harness.py; these fixtures start them and always stop them.
A worker needs committed rows in a database it can reach: use
``@pytest.mark.django_db(transaction=True, serialized_rollback=True)`` with the ``postgres`` fixture
(an in-memory SQLite test database cannot be shared with another process).
"""

import shutil

import pytest

from tests.conftest import need
from tests.integration import harness
from tests.integration.harness import CeleryWorker, worker_environment
from tests.integration.redis_servers import RedisServer
from tests.integration.smtp_sink import SmtpSink


@pytest.fixture
def free_port():
    """A function giving a free local port each time it is called."""
    return harness.free_port


@pytest.fixture
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def redis_server():
    """A redis-server of the test's own on a free port (for fault tests that stop or pause it)."""
    need(shutil.which("redis-server") is not None, "redis-server", "install the redis-server package")
    with RedisServer() as server:
        yield server


@pytest.fixture
def fresh_redis(redis_url):
    """The configured Redis database, emptied first: no task left over from an earlier run."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    return redis_url


@pytest.fixture
def test_database_url(postgres):
    """The URL of the test database as the worker must see it (the TEST name, same host and user)."""
    from django.db import connection

    return harness.database_url(connection.settings_dict)


@pytest.fixture
def celery_worker(tmp_path):
    """A function starting a real worker: ``celery_worker(database_url=..., redis_url=..., email_url=...)``.

    Extra keyword arguments become environment variables of the worker (``SITE_URL="..."``). Every
    worker started is stopped (its process group killed) at the end of the test.
    """
    started: list[CeleryWorker] = []

    def start(*, database_url: str, redis_url: str, email_url: str, **env: str) -> CeleryWorker:
        environment = worker_environment(
            database_url=database_url, redis_url=redis_url, email_url=email_url, **env
        )
        worker = CeleryWorker(environment, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def stack(request, test_database_url, redis_url):
    """The whole stack as real processes, for a fault scenario to break (tests/integration/faults.py)."""
    from tests.integration.fault_fixtures import fault_stack

    with fault_stack(request, test_database_url) as stack:
        yield stack
