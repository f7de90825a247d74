"""The cache's Redis connections: after a failure, refuse at once for a few seconds.

django-redis with ``IGNORE_EXCEPTIONS`` turns a Redis outage into cache misses, but a Redis that hangs
still costs every call its socket timeout: the rate limit's two calls on each "Send evidence", the
page cache's two on each public page. Once a call has timed out or failed to connect, this process
skips Redis for ``REDIS_PAUSE_AFTER_FAILURE_SECONDS`` (an immediate ConnectionError, which django-redis
ignores); the first call after the pause finds out whether it is back.
"""

import time
from typing import Any

import redis
from django.conf import settings
from django_redis.pool import ConnectionFactory

# (host, port, db) -> time.monotonic() until which this process does not try that Redis.
_paused_until: dict[tuple[Any, ...], float] = {}


class PausingConnection(redis.Connection):
    @property
    def _server(self) -> tuple[Any, ...]:
        return (self.host, self.port, self.db)

    def _pause(self) -> None:
        _paused_until[self._server] = time.monotonic() + settings.REDIS_PAUSE_AFTER_FAILURE_SECONDS

    def connect_check_health(self, *args: Any, **kwargs: Any) -> None:
        if self._sock is None and time.monotonic() < _paused_until.get(self._server, 0.0):
            raise redis.ConnectionError("Redis failed moments ago; not trying it again yet.")
        try:
            return super().connect_check_health(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            self._pause()
            raise

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().read_response(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            self._pause()
            raise


class PausingConnectionFactory(ConnectionFactory):
    """django-redis's connection factory, with ``PausingConnection`` for every connection."""

    def make_connection_params(self, url: str) -> dict[str, Any]:
        return {**super().make_connection_params(url), "connection_class": PausingConnection}
