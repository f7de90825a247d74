"""Prometheus metrics for operators (issue 16): what to alert on, served at ``/metrics``.

The rules:

- the endpoint exists only when ``METRICS_TOKEN`` is set (404 otherwise) and answers only a request
  bearing that token (compared in constant time; 401 otherwise); its answer is never cached;
- request latency is labelled by the resolved view's name (``admin:index``, ``evidence:start``), never by
  the raw path, which would carry ids and make the label set unbounded; a request no view matched is
  ``unresolved``;
- under gunicorn every worker writes its samples to ``PROMETHEUS_MULTIPROC_DIR`` (set and emptied at
  start by ``nasuwt_send.gunicorn``) and a scrape merges them all, whichever worker answers it;
- the outbox, the queues and the jobs' last success are read at scrape time, so every worker reports
  the same figures; a broker that does not answer costs the scrape its queue lengths, never the
  answer (``nasuwt_broker_up`` 0);
- a purge's last success comes from ``nasuwt_send.job_runs``.
"""

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator

import redis
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from evidence.mail.backlog import outbox_status
from nasuwt_send import job_runs

log = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "nasuwt_request_duration_seconds",
    "Time to answer a request, by the view that answered it.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


class RequestLatency:
    """Middleware: time every request and label it with the view that answered it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unresolved"
        REQUEST_LATENCY.labels(view=view).observe(time.perf_counter() - started)
        return response


# --- The figures read at scrape time -------------------------------------------------------------


def queue_names() -> list[str]:
    """Every queue a task can be routed to, and the old ``celery`` queue drained for one release."""
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    return sorted(routed | {settings.CELERY_TASK_DEFAULT_QUEUE, "celery"})


class ScrapeTimeCollector(Collector):
    """The outbox, the queues and the jobs, read when Prometheus asks."""

    def collect(self) -> Iterator[Metric]:
        status = outbox_status()
        pending = GaugeMetricFamily("nasuwt_outbox_pending", "Outbox rows waiting to be sent.")
        pending.add_metric([], status.counts["pending"] + status.counts["sending"])
        yield pending
        oldest = GaugeMetricFamily(
            "nasuwt_outbox_oldest_pending_seconds",
            "Age of the oldest outbox row still waiting (0 when none waits).",
        )
        oldest.add_metric([], status.oldest_pending_seconds or 0.0)
        yield oldest
        failed = GaugeMetricFamily("nasuwt_outbox_failed", "Outbox rows that gave up.")
        failed.add_metric([], status.counts["failed"])
        yield failed
        yield from self._broker()

    def _broker(self) -> Iterable[Metric]:
        up = GaugeMetricFamily("nasuwt_broker_up", "1 when the broker's Redis answered this scrape.")
        lengths = GaugeMetricFamily("nasuwt_queue_length", "Tasks waiting in a queue.", labels=["queue"])
        jobs = GaugeMetricFamily(
            "nasuwt_job_last_success_timestamp_seconds",
            "When a scheduled job last finished (Unix time); absent until it has.",
            labels=["job"],
        )
        if not settings.REDIS_URL:
            up.add_metric([], 0)
            return [up]
        try:
            client = job_runs.redis_client()
            with client.pipeline(transaction=False) as pipe:
                for name in queue_names():
                    pipe.llen(name)
                counts = pipe.execute()
            finished = job_runs.last_successes(client)
        except redis.RedisError as exc:
            log.warning("metrics: the broker's Redis did not answer (%s).", type(exc).__name__)
            up.add_metric([], 0)
            return [up]
        up.add_metric([], 1)
        for name, count in zip(queue_names(), counts, strict=True):
            lengths.add_metric([name], count)
        for job, at in sorted(finished.items()):
            jobs.add_metric([job], at)
        return [up, lengths, jobs]


class ThisProcess(Collector):
    """This process's own samples, when it is the only one (runserver, tests)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def _registry() -> CollectorRegistry:
    """A registry per scrape: every worker's samples (or this process's), and the scrape-time figures."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(ThisProcess())
    registry.register(ScrapeTimeCollector())
    return registry


# --- The endpoint --------------------------------------------------------------------------------


def _bearer_matches(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    if not _bearer_matches(request, token):
        response = HttpResponse("A bearer token is required.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
