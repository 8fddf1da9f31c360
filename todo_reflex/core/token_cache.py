"""Verified bearer tokens remembered for a few seconds by the process that checks them.

Checking a token costs a Redis or database round trip (session active? personal token not
revoked? the user's time zone); an MCP client sends the same token with every call. A
:class:`TokenCache` keeps what a check found for at most ``TTL_SECONDS`` (5 s), keyed by the
SHA-256 of the token (the token itself is never stored), for at most ``MAX_ENTRIES`` tokens,
and never past the token's (or its session's) expiry.

How a revocation reaches the cache: every revocation (sign-out, sign out everywhere, password
change, personal-token revocation, account deletion), in whatever process it happens, calls
:func:`note_revocation`. That empties every cache of this process at once and moves the
**revocation generation**, a Redis counter shared by all processes. Each cache entry holds the
generation read *before* its token was checked, and a cached answer is used only while the
generation still reads the same, so a revocation anywhere is seen from the next call on, at
the price of one Redis ``GET`` per call (instead of a session or token lookup). Every
revocation empties every cache; revocations are rare next to tool calls, so this costs little.

Without Redis there is no channel between processes: caching is off and every call checks
the token fully. When Redis cannot be read, the cache is not used. When a revoking process
could not reach Redis while the checking process can (a partition, or Redis restarting
between the two), the revocation is not seen until the entry's 5 s end.

**Worst-case staleness:** none in the same process; from another process, none while both
reach Redis, otherwise at most ``TTL_SECONDS`` (5 s) after the revocation.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

import redis

from todo_reflex.core.cache import redis_client, safe_redis

TTL_SECONDS = 5.0
MAX_ENTRIES = 10_000
GENERATION_KEY = "auth:revocation-generation"

T = TypeVar("T")
_caches: weakref.WeakSet[TokenCache] = weakref.WeakSet()
_caches_lock = threading.Lock()


def token_digest(token: str) -> str:
    """The cache key of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    generation: str
    deadline: float  # time.monotonic()


class TokenCache(Generic[T]):
    """A small time-bounded map from token digests to what their check found.

    The revocation generation lives in the process's Redis (``REDIS_URL``); without Redis
    the cache stays empty.

    Args:
        ttl_seconds: How long an entry may be used, at most ``TTL_SECONDS``.
        max_entries: The oldest entries make room beyond this many.
    """

    def __init__(
        self, ttl_seconds: float = TTL_SECONDS, max_entries: int = MAX_ENTRIES
    ) -> None:
        self._redis = redis_client()
        self.ttl_seconds = min(ttl_seconds, TTL_SECONDS)
        self.max_entries = max_entries
        self._entries: OrderedDict[str, _Entry[T]] = OrderedDict()
        self._lock = threading.Lock()
        with _caches_lock:
            _caches.add(self)

    @property
    def enabled(self) -> bool:
        """Whether entries are kept at all (only with Redis, the revocation channel)."""
        return self._redis is not None

    def generation(self) -> str | None:
        """The current revocation generation, or None when it cannot be read."""
        if self._redis is None:
            return None
        return safe_redis(self._redis, _read_generation, default=None)

    def get(self, token: str) -> T | None:
        """What the check of ``token`` found, if cached, unexpired and nothing was revoked since."""
        key = token_digest(token)
        with self._lock:
            entry = self._entries.get(key)
        if entry is None:
            return None
        if time.monotonic() >= entry.deadline or self.generation() != entry.generation:
            self._drop(key)
            return None
        return entry.value

    def put(self, token: str, value: T, *, generation: str | None, expires_at: float) -> None:
        """Remember a check's result.

        Args:
            token: The token that was checked.
            value: What the check found.
            generation: :meth:`generation` as read *before* the check; None stores nothing.
            expires_at: When the token (or its session) expires, as a Unix time.
        """
        if generation is None:
            return
        remaining = min(self.ttl_seconds, expires_at - time.time())
        if remaining <= 0:
            return
        entry = _Entry(value, generation, time.monotonic() + remaining)
        with self._lock:
            self._entries[token_digest(token)] = entry
            self._entries.move_to_end(token_digest(token))
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


def _read_generation(client: redis.Redis) -> str:
    """The generation; a missing key (Redis restarted empty) starts at a fresh random value."""
    value = client.get(GENERATION_KEY)
    if value is None:
        fresh = str(secrets.randbits(62))
        old = client.set(GENERATION_KEY, fresh, nx=True, get=True)
        value = fresh if old is None else old
    return value


def note_revocation() -> None:
    """Tell every token cache that a credential was revoked (call after the database change).

    Empties the caches of this process and moves the shared generation in Redis, so the
    caches of other processes stop trusting their entries from their next call on. Never
    raises: with Redis down, other processes may trust an entry for up to ``TTL_SECONDS``.
    """
    with _caches_lock:
        caches = list(_caches)
    for cache in caches:
        cache.clear()
    client = redis_client()

    def move(r: redis.Redis) -> None:
        pipe = r.pipeline(transaction=True)
        pipe.set(GENERATION_KEY, str(secrets.randbits(62)), nx=True)  # never back to an old value
        pipe.incr(GENERATION_KEY)
        pipe.execute()

    safe_redis(client, move, default=None, what="token caches elsewhere may trust it for 5 s")
