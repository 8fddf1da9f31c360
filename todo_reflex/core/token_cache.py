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
generation still reads the same. A cache remembers the generation it last read for
``GENERATION_TTL_SECONDS`` (1 s), so a revocation in another process is seen within 1 s, and
a cached check needs no I/O at all (:meth:`TokenCache.get_local`), instead of a Redis ``GET``
per call. Every revocation empties every cache; revocations are rare next to tool calls, so
this costs little.

Without Redis there is no channel between processes: caching is off and every call checks
the token fully. When Redis cannot be read, the cache is not used. When a revoking process
could not reach Redis while the checking process can (a partition, or Redis restarting
between the two), the revocation is not seen until the entry's 5 s end.

**Worst-case staleness:** none in the same process; from another process, at most
``GENERATION_TTL_SECONDS`` (1 s) while both reach Redis, otherwise at most ``TTL_SECONDS``
(5 s) after the revocation.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import redis

from todo_reflex.core.cache import redis_client, safe_redis

TTL_SECONDS = 5.0
GENERATION_TTL_SECONDS = 1.0
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
    deadline: float  # on the cache's clock (time.monotonic)


class TokenCache(Generic[T]):
    """A small time-bounded map from token digests to what their check found.

    The revocation generation lives in the process's Redis (``REDIS_URL``); without Redis
    the cache stays empty.

    Args:
        ttl_seconds: How long an entry may be used, at most ``TTL_SECONDS``.
        max_entries: The oldest entries make room beyond this many.
        generation_ttl_seconds: How long the generation read last is trusted, at most
            ``GENERATION_TTL_SECONDS``.
        clock: Monotonic seconds (tests pass one they move by hand).
    """

    def __init__(
        self,
        ttl_seconds: float = TTL_SECONDS,
        max_entries: int = MAX_ENTRIES,
        generation_ttl_seconds: float = GENERATION_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._redis = redis_client()
        self.ttl_seconds = min(ttl_seconds, TTL_SECONDS)
        self.max_entries = max_entries
        self.generation_ttl_seconds = min(generation_ttl_seconds, GENERATION_TTL_SECONDS)
        self._clock = clock
        self._entries: OrderedDict[str, _Entry[T]] = OrderedDict()
        self._known: tuple[str, float] | None = None  # the generation last read, and when
        self._epoch = 0  # moved by clear(): a read that started before must not be kept
        self._lock = threading.Lock()
        with _caches_lock:
            _caches.add(self)

    @property
    def enabled(self) -> bool:
        """Whether entries are kept at all (only with Redis, the revocation channel)."""
        return self._redis is not None

    def generation(self) -> str | None:
        """The current revocation generation, read from Redis; None when it cannot be read."""
        if self._redis is None:
            return None
        with self._lock:
            epoch = self._epoch
        value = safe_redis(self._redis, _read_generation, default=None)
        with self._lock:
            if epoch == self._epoch:
                self._known = None if value is None else (value, self._clock())
        return value

    def get(self, token: str) -> T | None:
        """What the check of ``token`` found, if cached, unexpired and nothing was revoked since.

        Reads the generation from Redis when the one read last is older than
        ``generation_ttl_seconds``.
        """
        return self._lookup(token, may_read=True)

    def get_local(self, token: str) -> T | None:
        """Like :meth:`get` without any I/O: also None when the generation is due a new read."""
        return self._lookup(token, may_read=False)

    def _lookup(self, token: str, *, may_read: bool) -> T | None:
        key = token_digest(token)
        with self._lock:
            entry = self._entries.get(key)
            known = self._known
        if entry is None:
            return None
        now = self._clock()
        if now >= entry.deadline:
            self._drop(key)
            return None
        if known is not None and now - known[1] < self.generation_ttl_seconds:
            current: str | None = known[0]
        elif may_read:
            current = self.generation()
        else:
            return None
        if current != entry.generation:
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
        entry = _Entry(value, generation, self._clock() + remaining)
        with self._lock:
            self._entries[token_digest(token)] = entry
            self._entries.move_to_end(token_digest(token))
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry and the generation read last."""
        with self._lock:
            self._entries.clear()
            self._known = None
            self._epoch += 1

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
    caches of other processes stop trusting their entries within ``GENERATION_TTL_SECONDS``.
    Never raises: with Redis down, other processes may trust an entry for up to
    ``TTL_SECONDS``.
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
