"""Rate limits (chat, MCP tool calls, login attempts) with the ``limits`` package.

Counters live in Redis when it is configured, so every replica shares them. When Redis is
absent, or down at the moment of a call, that call counts in process memory instead (with a
rate-limited warning, see :mod:`todo_reflex.core.cache`): a limit is never a 500.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import redis
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter

from todo_reflex.core.cache import client_options, health_of
from todo_reflex.core.errors import RateLimited
from todo_reflex.core.settings import Settings, get_settings

T = TypeVar("T")
_REDIS_FAILURES = (redis.RedisError, OSError, StorageError)


@dataclass(frozen=True)
class RateLimitResult:
    """The outcome of one counted request."""

    allowed: bool
    retry_after: int
    """Seconds until the next request would be allowed (0 when this one was)."""
    remaining: int


class RateLimiter:
    """Moving-window limits in Redis, with a per-call fallback to memory."""

    def __init__(self, redis_url: str = "") -> None:
        """Create a limiter; ``redis_url`` empty means memory only (one process)."""
        self._memory = MovingWindowRateLimiter(MemoryStorage())
        self._redis: MovingWindowRateLimiter | None = None
        self._redis_client: redis.Redis | None = None
        if redis_url:
            storage = RedisStorage(redis_url, **client_options())
            self._redis = MovingWindowRateLimiter(storage)
            self._redis_client = storage.storage

    @property
    def uses_redis(self) -> bool:
        """Whether Redis is configured (it may still be down at any moment)."""
        return self._redis is not None

    def hit(self, namespace: str, key: str, limit: str) -> RateLimitResult:
        """Count one request and say whether it is allowed.

        Args:
            namespace: What is limited, e.g. ``"chat"``, ``"mcp"``, ``"login"``.
            key: Whose requests, e.g. a user id.
            limit: A ``limits`` string such as ``"10/minute"`` or ``"10/15 minutes"``.

        Returns:
            Allowed or not, and when to retry.
        """
        item = _parse(limit)

        def run(strategy: MovingWindowRateLimiter) -> RateLimitResult:
            allowed = strategy.hit(item, namespace, key)
            return _result(strategy, item, namespace, key, allowed=allowed)

        return self._run(run)

    def peek(self, namespace: str, key: str, limit: str) -> RateLimitResult:
        """Like :meth:`hit` without counting: would a request be allowed now?"""
        item = _parse(limit)

        def run(strategy: MovingWindowRateLimiter) -> RateLimitResult:
            allowed = strategy.test(item, namespace, key)
            return _result(strategy, item, namespace, key, allowed=allowed)

        return self._run(run)

    def clear(self, namespace: str, key: str, limit: str) -> None:
        """Forget the requests counted for a key (e.g. after a successful login)."""
        item = _parse(limit)
        self._memory.clear(item, namespace, key)
        self._run(lambda strategy: strategy.clear(item, namespace, key))

    def enforce(self, namespace: str, key: str, limit: str) -> None:
        """Count one request; raise when it is over the limit.

        Raises:
            RateLimited: With ``retry_after`` in seconds.
        """
        result = self.hit(namespace, key, limit)
        if not result.allowed:
            raise RateLimited(result.retry_after)

    def _run(self, operation: Callable[[MovingWindowRateLimiter], T]) -> T:
        if self._redis is not None and self._redis_client is not None:
            health = health_of(self._redis_client)
            if health.available():
                try:
                    result = operation(self._redis)
                except _REDIS_FAILURES as error:
                    health.failed(error, what="counting rate limits in process memory")
                else:
                    health.recovered()
                    return result
        return operation(self._memory)


@lru_cache(maxsize=8)
def _limiter_for(redis_url: str) -> RateLimiter:
    return RateLimiter(redis_url)


def get_limiter(settings: Settings | None = None) -> RateLimiter:
    """The shared limiter for ``settings.redis_url`` (memory only when it is empty)."""
    return _limiter_for((settings or get_settings()).redis_url)


def chat_limit(settings: Settings | None = None) -> str:
    """Chat messages per user: ``RATE_LIMIT_PER_MINUTE`` a minute (10 by default)."""
    return f"{(settings or get_settings()).rate_limit_per_minute}/minute"


def mcp_limit(settings: Settings | None = None) -> str:
    """MCP tool calls per user: 120 a minute by default."""
    return f"{(settings or get_settings()).mcp_rate_limit_per_minute}/minute"


def login_limit(settings: Settings | None = None) -> str:
    """Login attempts per email and IP address: 10 per 15 minutes by default."""
    return f"{(settings or get_settings()).login_attempts_per_15_minutes}/15 minutes"


def enforce_chat_limit(user_id: int, *, settings: Settings | None = None) -> None:
    """Count one chat message of a user; raise :class:`RateLimited` when over the limit."""
    get_limiter(settings).enforce("chat", str(user_id), chat_limit(settings))


def enforce_mcp_limit(user_id: int, *, settings: Settings | None = None) -> None:
    """Count one MCP tool call of a user; raise :class:`RateLimited` when over the limit."""
    get_limiter(settings).enforce("mcp", str(user_id), mcp_limit(settings))


@lru_cache(maxsize=64)
def _parse(limit: str) -> RateLimitItem:
    return parse(limit)


def _result(
    strategy: MovingWindowRateLimiter,
    item: RateLimitItem,
    namespace: str,
    key: str,
    *,
    allowed: bool,
) -> RateLimitResult:
    stats = strategy.get_window_stats(item, namespace, key)
    retry_after = 0 if allowed else max(1, math.ceil(stats.reset_time - time.time()))
    return RateLimitResult(allowed=allowed, retry_after=retry_after, remaining=stats.remaining)
