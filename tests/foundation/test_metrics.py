"""/metrics (issue 16): behind a bearer token, never cached, with the figures operators alert on."""

import time
from datetime import timedelta

import pytest
import redis
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from nasuwt_send import job_runs
from tests.factories import OutboundEmailFactory

TOKEN = "metrics-token-for-tests-0123456789"

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


@pytest.fixture
def broker(settings, redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()


def test_without_a_configured_token_there_is_no_endpoint(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN])
def test_a_request_without_the_token_is_refused(client, token, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.get("/metrics", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"nasuwt_" not in response.content


def test_the_answer_is_never_cached(client, token):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/plain")


def test_request_latency_is_labelled_by_the_view_never_the_path(client, token):
    client.get("/")
    client.get("/healthz")
    client.get("/no-such-page-SEND-ABCD-EFGH/")
    samples = scrape(client)
    assert samples[("nasuwt_request_duration_seconds_count", (("view", "home"),))] >= 1
    assert samples[("nasuwt_request_duration_seconds_count", (("view", "healthz"),))] >= 1
    assert samples[("nasuwt_request_duration_seconds_count", (("view", "unresolved"),))] >= 1
    views = {dict(labels)["view"] for name, labels in samples if name.startswith("nasuwt_request_duration")}
    assert not any("/" in view or "SEND-" in view for view in views)


def test_the_outbox_pending_count_oldest_age_and_failures(client, token):
    now = timezone.now()
    OutboundEmailFactory(status="pending", created_at=now - timedelta(minutes=12), next_attempt_at=now)
    OutboundEmailFactory(status="pending", created_at=now - timedelta(minutes=1), next_attempt_at=now)
    OutboundEmailFactory(status="sent", created_at=now - timedelta(hours=1), sent_at=now)
    OutboundEmailFactory(status="failed", created_at=now - timedelta(days=1))
    samples = scrape(client)
    assert samples[("nasuwt_outbox_pending", ())] == 2
    assert 12 * 60 <= samples[("nasuwt_outbox_oldest_pending_seconds", ())] < 13 * 60
    assert samples[("nasuwt_outbox_failed", ())] == 1


def test_an_empty_outbox_has_no_oldest_age(client, token):
    samples = scrape(client)
    assert samples[("nasuwt_outbox_pending", ())] == 0
    assert samples[("nasuwt_outbox_oldest_pending_seconds", ())] == 0


def test_queue_lengths_are_read_from_the_broker(client, token, broker):
    broker.rpush("mail", "a", "b")
    broker.rpush("heavy", "c")
    samples = scrape(client)
    assert samples[("nasuwt_broker_up", ())] == 1
    assert samples[("nasuwt_queue_length", (("queue", "mail"),))] == 2
    assert samples[("nasuwt_queue_length", (("queue", "heavy"),))] == 1
    assert samples[("nasuwt_queue_length", (("queue", "default"),))] == 0
    assert samples[("nasuwt_queue_length", (("queue", "celery"),))] == 0


def test_a_broker_that_does_not_answer_costs_only_the_queue_lengths(client, token, settings, closed_port):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port}/0"
    OutboundEmailFactory(status="failed")
    samples = scrape(client)
    assert samples[("nasuwt_broker_up", ())] == 0
    assert not any(name == "nasuwt_queue_length" for name, _ in samples)
    assert samples[("nasuwt_outbox_failed", ())] == 1


def test_a_purge_that_finishes_records_its_last_success(client, token, broker, settings):
    from evidence.tasks import purge_access_log

    before = time.time()
    purge_access_log.apply()
    samples = scrape(client)
    finished = samples[
        ("nasuwt_job_last_success_timestamp_seconds", (("job", "evidence.tasks.purge_access_log"),))
    ]
    assert before <= finished <= time.time()
    jobs = {dict(labels)["job"] for name, labels in samples if name.startswith("nasuwt_job_last_success")}
    assert jobs == {"evidence.tasks.purge_access_log"}, "only the watched job that ran"


def test_a_task_that_is_not_watched_records_nothing(broker):
    job_runs.record_job_success(job="evidence.tasks.send_weekly_digest")
    assert broker.hgetall(job_runs.JOB_SUCCESS_KEY) == {}
