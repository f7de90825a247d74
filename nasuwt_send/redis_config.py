"""How the portal talks to Redis: the caches' and the broker's options (read by settings).

Every connection has sub-second timeouts, so a Redis that hangs costs a request well under a second;
a cache that fails is a miss (``IGNORE_EXCEPTIONS``), never a 500; after a failure each process skips
Redis for a few seconds (``nasuwt_send.redis_pause``). Without Redis (the embedded default) the caches
are the process's own memory.
"""

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


def redis_cache(location: str, *, timeout: float) -> dict[str, object]:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": "nasuwt-send",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "CONNECTION_FACTORY": "nasuwt_send.redis_pause.PausingConnectionFactory",
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            # A Redis outage is a cache miss, never a 500.
            "IGNORE_EXCEPTIONS": True,
        },
    }


def caches(*, cache_url: str, redis_url: str, timeout: float) -> dict[str, dict[str, object]]:
    """The page cache on ``cache_url``; the rate-limit counters on the broker's Redis, which never
    evicts (an LRU cache under a flood would evict them first, just when they matter: decision 0036)."""
    return {
        "default": redis_cache(cache_url, timeout=timeout) if cache_url else {"BACKEND": LOCAL_MEMORY},
        "ratelimit": (
            redis_cache(redis_url, timeout=timeout)
            if redis_url
            else {"BACKEND": LOCAL_MEMORY, "LOCATION": "ratelimit"}
        ),
    }


def broker_transport_options(*, visibility_timeout: int, timeout: float) -> dict[str, object]:
    return {
        "visibility_timeout": visibility_timeout,
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "max_retries": 1,
    }


# Queuing after commit must never hold the member's request for long: one quick retry, then give up
# and leave the outbox row for the relay.
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
