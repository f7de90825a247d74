"""/metrics under gunicorn with two workers (issue 16): one scrape, whichever worker answers it, merges
every worker's samples (prometheus-client's multiprocess mode, nasuwt_send.gunicorn_config), and a
purge run by the real worker shows its last success.

Needs PostgreSQL and redis-server (the stack of tests/integration/faults.py).
"""

import http.client
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.fault_fixtures import fault_stack
from tests.integration.harness import wait_until

TOKEN = "metrics-integration-token-0123456789abcdef"
REQUESTS = 40

# serialized_rollback as every real-process test here: its flush then leaves the next such test a clean slate.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def get(port: int, path: str, **headers: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def scrape(port: int) -> dict[tuple[str, tuple], float]:
    status, body = get(port, "/metrics", Authorization=f"Bearer {TOKEN}")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


@pytest.fixture
def multiproc_dir(tmp_path):
    directory = tmp_path / "prometheus"
    directory.mkdir()
    # A file an earlier run left behind: counted again unless gunicorn's start empties the directory.
    (directory / "histogram_999999.db").write_bytes(b"left over")
    return directory


def test_two_gunicorn_workers_serve_one_merged_set_of_metrics(request, test_database_url, multiproc_dir):
    with fault_stack(
        request,
        test_database_url,
        web_workers=2,
        METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(multiproc_dir),
    ) as stack:
        port = stack.web.port
        assert not (multiproc_dir / "histogram_999999.db").exists()
        assert get(port, "/metrics")[0] == 401
        healthz = (("view", "healthz"),)
        before = scrape(port).get(("nasuwt_request_duration_seconds_count", healthz), 0)  # gunicorn's start

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda _: get(port, "/healthz")[0], range(REQUESTS)))
        assert statuses == [200] * REQUESTS

        # Both workers answered some of them, and each wrote its own file.
        pids = {path.stem.rsplit("_", 1)[1] for path in multiproc_dir.glob("histogram_*.db")}
        assert len(pids) == 2

        for _ in range(4):  # whichever worker answers the scrape, it counts every worker's requests
            samples = scrape(port)
            assert samples[("nasuwt_request_duration_seconds_count", healthz)] == before + REQUESTS
            assert samples[("nasuwt_broker_up", ())] == 1
            assert samples[("nasuwt_queue_length", (("queue", "mail"),))] >= 0

        # The real worker runs a purge from the heavy queue and records when it finished.
        from nasuwt_send.celery import app

        started = time.time()
        app.send_task("evidence.tasks.purge_abandoned_journeys")
        job = (("job", "evidence.tasks.purge_abandoned_journeys"),)
        wait_until(
            lambda: ("nasuwt_job_last_success_timestamp_seconds", job) in scrape(port),
            timeout=30,
            what="the purge's last success in the metrics",
        )
        assert started <= scrape(port)[("nasuwt_job_last_success_timestamp_seconds", job)] <= time.time()
