"""Rate limits (chat, MCP tool calls, sign-in, sign-up) with the ``limits`` package.

Counters live in Redis when it is configured, so every replica shares them. Every process
also counts in one in-memory store of its own, whatever Redis does, and a request must pass
both. So the limit holds in each process while Redis is absent, down, or back but empty after
a restart; before, the memory counts started from zero at each outage and a restarted Redis
from zero again, and 360 MCP calls passed a 120-a-minute limit in 9 seconds. A limit is never
a 500: Redis failures are logged (rate-limited, see :mod:`todo_reflex.core.cache`).

A limit string may hold several windows separated by ``;`` (``"5/minute;6/2 minutes"``): a
request is allowed only when every window has room, and then counts in each of them.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import redis
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter

from todo_reflex.core.cache import client_options, health_of
from todo_reflex.core.errors import RateLimited
from todo_reflex.core.settings import get_settings

_REDIS_FAILURES = (redis.RedisError, OSError, StorageError)
_MEMORY_LOCK = threading.Lock()  # limits' MemoryStorage races when first creating a key
_process_memory: MemoryStorage | None = None


@dataclass(frozen=True)
class RateLimitResult:
    """The outcome of one counted request."""

    allowed: bool
    retry_after: int
    """Seconds until the next request would be allowed (0 when this one was)."""


def process_memory() -> MemoryStorage:
    """The one in-memory counter store of this process, shared by every limiter."""
    global _process_memory
    with _MEMORY_LOCK:  # not lru_cache: threads racing on the first call would get two
        if _process_memory is None:
            _process_memory = MemoryStorage()
        return _process_memory


class RateLimiter:
    """Moving-window limits counted in Redis (shared) and in this process's memory."""

    def __init__(self, redis_url: str = "", *, memory: MemoryStorage | None = None) -> None:
        """Create a limiter.

        Args:
            redis_url: Where replicas share counts; empty means this process's memory only.
            memory: The in-memory store; :func:`process_memory` by default (tests pass
                a fresh one to count on their own).
        """
        self._memory = MovingWindowRateLimiter(memory or process_memory())
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
        """Count one request and say whether it is allowed (a refused one does not count).

        Args:
            namespace: What is limited, e.g. ``"chat"``, ``"mcp"``, ``"login"``.
            key: Whose requests, e.g. a user id.
            limit: A ``limits`` string such as ``"10/minute"``, or windows joined by ``;``.

        Returns:
            Allowed or not, and when to retry.
        """
        return self._check(namespace, key, limit, record=True)

    def peek(self, namespace: str, key: str, limit: str) -> RateLimitResult:
        """Like :meth:`hit` without counting: would a request be allowed now?"""
        return self._check(namespace, key, limit, record=False)

    def clear(self, namespace: str, key: str, limit: str) -> None:
        """Forget the requests counted for a key (e.g. after a successful sign-in)."""
        items = _parse(limit)
        with _MEMORY_LOCK:
            for item in items:
                self._memory.clear(item, namespace, key)
        self._shared(lambda strategy: [strategy.clear(item, namespace, key) for item in items])

    def enforce(self, namespace: str, key: str, limit: str) -> None:
        """Count one request; raise when it is over the limit.

        Raises:
            RateLimited: With ``retry_after`` in seconds.
        """
        result = self.hit(namespace, key, limit)
        if not result.allowed:
            raise RateLimited(result.retry_after)

    def _check(self, namespace: str, key: str, limit: str, *, record: bool) -> RateLimitResult:
        items = _parse(limit)
        shared = self._shared(lambda strategy: _count(strategy, items, namespace, key, record))
        if shared is not None and not shared.allowed:
            return shared  # refused by the shared count: nothing counted in memory
        with _MEMORY_LOCK:
            local = _count(self._memory, items, namespace, key, record)
        return local

    def _shared(self, operation: Callable[[MovingWindowRateLimiter], object]) -> object | None:
        """Run ``operation`` on Redis; None when Redis is absent, resting or failing."""
        if self._redis is None or self._redis_client is None:
            return None
        health = health_of(self._redis_client)
        if not health.available():
            return None
        try:
            result = operation(self._redis)
        except _REDIS_FAILURES as error:
            health.failed(error, what="counting rate limits in process memory only")
            return None
        health.recovered()
        return result


@lru_cache(maxsize=8)
def _limiter_for(redis_url: str) -> RateLimiter:
    return RateLimiter(redis_url)


def get_limiter() -> RateLimiter:
    """The shared limiter for ``REDIS_URL``; all limiters count in one memory store."""
    return _limiter_for(get_settings().redis_url)


def chat_limit() -> str:
    """Chat messages per user: ``RATE_LIMIT_PER_MINUTE`` a minute (10 by default)."""
    return f"{get_settings().rate_limit_per_minute}/minute"


def mcp_limit() -> str:
    """MCP tool calls per user: 120 a minute by default."""
    return f"{get_settings().mcp_rate_limit_per_minute}/minute"


def login_limit() -> str:
    """Password checks per user on the account page: 10 per 15 minutes by default."""
    return f"{get_settings().login_attempts_per_15_minutes}/15 minutes"


def login_backoff() -> str:
    """Sign-in attempts for one email from one address: a few at once, then waits that double.

    ``LOGIN_ATTEMPTS_BEFORE_BACKOFF`` (n, 5) attempts pass at once; window k then allows n + k
    attempts per 2**k minutes, up to ``LOGIN_BACKOFF_MAX_MINUTES`` (64). Someone guessing
    one account from one address waits 1, 1, 2, 4, 8, 16 and 32 minutes between the next
    attempts: about a dozen guesses an hour. The owner elsewhere is not affected (the key
    includes the address), and a successful sign-in clears the count.
    """
    settings = get_settings()
    first = settings.login_attempts_before_backoff
    windows, minutes = [f"{first}/1 minute"], 2
    while minutes <= settings.login_backoff_max_minutes:
        windows.append(f"{first + len(windows)}/{minutes} minutes")
        minutes *= 2
    return ";".join(windows)


def login_ip_limit() -> str:
    """Failed sign-ins per address, whatever the email (password spraying): 30 per 15 min."""
    return f"{get_settings().login_failures_per_ip_per_15_minutes}/15 minutes"


def signup_limit() -> str:
    """Sign-up attempts that reach the database, per address: 5 an hour by default."""
    return f"{get_settings().signups_per_ip_per_hour}/hour"


def reset_email_limit() -> str:
    """Password reset links asked for one address, whether it has an account or not: 3 an hour."""
    return f"{get_settings().password_resets_per_email_per_hour}/hour"


def reset_ip_limit() -> str:
    """Password reset links asked for from one network address, any email: 10 an hour."""
    return f"{get_settings().password_resets_per_ip_per_hour}/hour"


def check_chat_limit(user_id: int) -> None:
    """Refuse a chat message when the user is at the limit, without counting it.

    A message counts only once its turn did something (:func:`count_chat_message`): one the
    offline engine answers without a tool call ("help", a question) is free.

    Raises:
        RateLimited: With the seconds until the next message is allowed.
    """
    result = get_limiter().peek("chat", str(user_id), chat_limit())
    if not result.allowed:
        raise RateLimited(result.retry_after)


def count_chat_message(user_id: int) -> None:
    """Count one chat message of a user against the limit (a full window leaves it uncounted)."""
    get_limiter().hit("chat", str(user_id), chat_limit())


def chat_limit_notice(retry_after: int) -> str:
    """What the chat says, once, when a message is over the chat limit."""
    limit = get_settings().rate_limit_per_minute
    return (f"That's {limit} messages in a minute, the limit: you can send the next one "
            f"in {retry_after} s.")


def enforce_mcp_limit(user_id: int) -> None:
    """Count one MCP tool call of a user; raise :class:`RateLimited` when over the limit."""
    get_limiter().enforce("mcp", str(user_id), mcp_limit())


@lru_cache(maxsize=64)
def _parse(limit: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(limit))


def _count(
    strategy: MovingWindowRateLimiter,
    items: tuple[RateLimitItem, ...],
    namespace: str,
    key: str,
    record: bool,
) -> RateLimitResult:
    """Check every window (and count in each when ``record`` and all have room)."""
    if record and len(items) == 1:
        full = [] if strategy.hit(items[0], namespace, key) else [items[0]]
    else:
        full = [item for item in items if not strategy.test(item, namespace, key)]
        if record and not full:
            full = [item for item in items if not strategy.hit(item, namespace, key)]
    if not full:
        return RateLimitResult(allowed=True, retry_after=0)  # one Redis round trip in all
    reset = max(strategy.get_window_stats(item, namespace, key).reset_time for item in full)
    # whole seconds, rounded so that waiting exactly ``retry_after`` is always enough
    return RateLimitResult(False, max(1, math.floor(reset - time.time()) + 1))
