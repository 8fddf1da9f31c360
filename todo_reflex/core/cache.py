"""Redis as an optional cache: a client per URL and helpers that never raise.

Redis is a speed-up, not a dependency: when it is unset the client is None, and when it is
down every helper behaves like a cache miss. The outage is logged once per
``WARN_INTERVAL_SECONDS`` (not once per call), and after a failure Redis is skipped for
``RETRY_AFTER_SECONDS`` and then probed by one request at a time, so a dead host does not
add a timeout to every request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from todo_reflex.core.settings import get_settings

logger = logging.getLogger(__name__)

SOCKET_TIMEOUT_SECONDS = 0.5
WARN_INTERVAL_SECONDS = 60.0
RETRY_AFTER_SECONDS = 5.0

T = TypeVar("T")

__all__ = [
    "RedisHealth",
    "cache_delete",
    "cache_get_hash",
    "cache_set_hash",
    "client_options",
    "health_for",
    "health_of",
    "redis_client",
    "safe_redis",
]


def client_options() -> dict[str, object]:
    """Connection options for every Redis client: short timeouts, one immediate retry."""
    return {
        "socket_timeout": SOCKET_TIMEOUT_SECONDS,
        "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS,
        "retry": Retry(NoBackoff(), 1),
        "health_check_interval": 30,
    }


class RedisHealth:
    """Tracks whether one Redis URL is down, and rate-limits the warning about it."""

    def __init__(self, url: str) -> None:
        self.url = url  # host, port and db only: never credentials
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._last_warning = float("-inf")

    def available(self) -> bool:
        """Whether to try Redis now: always while it works; after a failure, one caller a pause.

        For ``RETRY_AFTER_SECONDS`` after a failure every caller is told no. Then the first
        caller to ask probes Redis, and the others keep being told no until that probe
        succeeds or the next pause ends: a dead host costs one timeout per pause, not one
        per request, however many requests arrive at once.
        """
        if self._down_until == 0.0:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._down_until:
                return False
            self._down_until = now + RETRY_AFTER_SECONDS  # this caller probes; others wait
            return True

    def failed(self, error: BaseException, *, what: str) -> None:
        """Record a failure; log a warning unless one was logged recently."""
        now = time.monotonic()
        with self._lock:
            self._down_until = now + RETRY_AFTER_SECONDS
            if now - self._last_warning < WARN_INTERVAL_SECONDS:
                return
            self._last_warning = now
        logger.warning(
            "Redis at %s is unavailable (%s: %s); %s. Next warning in %.0f s at the earliest.",
            self.url,
            type(error).__name__,
            error,
            what,
            WARN_INTERVAL_SECONDS,
        )

    def recovered(self) -> None:
        """Record a success after a failure (logged once)."""
        with self._lock:
            was_down = self._down_until > 0
            self._down_until = 0.0
            if was_down:
                self._last_warning = float("-inf")
        if was_down:
            logger.info("Redis at %s is reachable again", self.url)


@lru_cache(maxsize=32)
def health_for(url: str) -> RedisHealth:
    """The shared health tracker for a Redis URL."""
    return RedisHealth(url)


@lru_cache(maxsize=32)
def _client_for(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True, **client_options())


def redis_client() -> redis.Redis | None:
    """The Redis client for ``REDIS_URL``, or None when Redis is not configured.

    Creating the client does not connect; a wrong or unreachable URL shows up on first use.
    """
    url = get_settings().redis_url
    return _client_for(url) if url else None


def safe_redis(
    client: redis.Redis | None,
    operation: Callable[[redis.Redis], T],
    *,
    default: T,
    what: str = "treating it as a cache miss",
) -> T:
    """Run ``operation`` on ``client``; on any Redis failure return ``default`` instead.

    Args:
        client: The client, or None when Redis is not configured.
        operation: What to do with the client.
        default: The result when Redis is absent, recently down, or failing now.
        what: How the caller copes, for the warning log.

    Returns:
        The operation's result, or ``default``.
    """
    if client is None:
        return default
    health = health_of(client)
    if not health.available():
        return default
    try:
        result = operation(client)
    except (redis.RedisError, OSError) as error:
        health.failed(error, what=what)
        return default
    health.recovered()
    return result


def cache_get_hash(client: redis.Redis | None, key: str) -> dict[str, str] | None:
    """All fields of the hash at ``key``, or None when missing or Redis is unavailable."""
    found = safe_redis(client, lambda r: r.hgetall(key), default=None)
    return found or None


def cache_set_hash(
    client: redis.Redis | None, key: str, fields: Mapping[str, str | int], *, ttl_seconds: int
) -> bool:
    """Store a hash with a time to live; False when Redis is absent or unavailable."""
    if ttl_seconds <= 0:
        return False

    def write(r: redis.Redis) -> bool:
        pipe = r.pipeline(transaction=True)
        pipe.delete(key)
        pipe.hset(key, mapping=dict(fields))
        pipe.expire(key, ttl_seconds)
        pipe.execute()
        return True

    return safe_redis(client, write, default=False, what="not caching")


def cache_delete(client: redis.Redis | None, *keys: str) -> bool:
    """Delete keys; False when Redis is absent or unavailable (the keys may survive)."""
    if not keys:
        return True
    return safe_redis(
        client, lambda r: (r.delete(*keys), True)[1], default=False, what="could not delete"
    )


def health_of(client: redis.Redis) -> RedisHealth:
    """The health tracker of the server a client talks to (shared by all its clients)."""
    kwargs = client.connection_pool.connection_kwargs
    where = kwargs.get("path") or f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"
    return health_for(f"redis://{where}/{kwargs.get('db', 0)}")
