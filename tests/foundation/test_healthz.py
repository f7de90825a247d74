import time

import pytest
from django.db import OperationalError

from nasuwt_send import health


@pytest.fixture
def redis_at(settings):
    """Point the health check's Redis client at another URL for one test."""

    def point(url: str) -> None:
        settings.REDIS_URL = url
        health._redis_client.cache_clear()

    yield point
    health._redis_client.cache_clear()


@pytest.mark.django_db
def test_it_answers_200_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True}, "failed": []}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_checks_redis_when_configured(client, redis_url, redis_at):
    redis_at(redis_url)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "redis": True}


@pytest.mark.django_db
def test_it_answers_503_within_3_seconds_when_redis_hangs(client, silent_port, redis_at):
    redis_at(f"redis://127.0.0.1:{silent_port}/0")

    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["failed"] == ["redis"]
    assert elapsed < 3


@pytest.mark.django_db
def test_it_answers_503_within_3_seconds_when_redis_port_is_closed(client, closed_port, redis_at):
    redis_at(f"redis://127.0.0.1:{closed_port}/0")

    started = time.monotonic()
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failed"] == ["redis"]
    assert time.monotonic() - started < 3


@pytest.mark.django_db
def test_it_names_the_database_when_it_does_not_answer(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]


def test_it_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
