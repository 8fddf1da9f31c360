"""The token cache: short-lived, bounded, keyed by hash, and emptied by any revocation
(here at once, elsewhere within the generation TTL)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from todo_reflex.core.settings import Settings, use_settings
from todo_reflex.core.token_cache import (
    GENERATION_KEY,
    GENERATION_TTL_SECONDS,
    TTL_SECONDS,
    TokenCache,
    note_revocation,
    token_digest,
)

LATER = time.time() + 3600


@pytest.fixture
def settings(configure: Callable[..., Settings], redis_url: str) -> Settings:
    return configure(redis_url=redis_url)


def cached(**kwargs: float) -> TokenCache[str]:
    cache: TokenCache[str] = TokenCache(**kwargs)
    cache.put("token-a", "ann", generation=cache.generation(), expires_at=LATER)
    return cache


def test_a_checked_token_is_served_from_the_cache(settings: Settings) -> None:
    cache = cached()
    assert cache.get("token-a") == "ann"


def test_a_different_token_never_hits_another_tokens_entry(settings: Settings) -> None:
    cache = cached()
    for other in ("token-b", "token-a ", "Token-a", "token-", token_digest("token-a")):
        assert cache.get(other) is None
    assert cache.get("token-a") == "ann"


def test_the_token_itself_is_never_stored(settings: Settings) -> None:
    cache = cached()
    assert list(cache._entries) == [token_digest("token-a")]
    assert "token-a" not in repr(cache._entries)


def test_an_entry_never_outlives_the_tokens_expiry(settings: Settings) -> None:
    cache: TokenCache[str] = TokenCache()
    cache.put("token-a", "ann", generation=cache.generation(), expires_at=time.time() + 0.3)
    cache.put("expired", "bob", generation=cache.generation(), expires_at=time.time() - 1)
    assert cache.get("token-a") == "ann"
    assert cache.get("expired") is None
    time.sleep(0.35)
    assert cache.get("token-a") is None


def test_entries_live_a_few_seconds_at_most(settings: Settings) -> None:
    assert TokenCache(ttl_seconds=60).ttl_seconds == TTL_SECONDS <= 5
    cache = cached(ttl_seconds=0.2)
    time.sleep(0.25)
    assert cache.get("token-a") is None


def test_the_cache_is_bounded(settings: Settings) -> None:
    cache: TokenCache[int] = TokenCache(max_entries=3)
    generation = cache.generation()
    for n in range(5):
        cache.put(f"token-{n}", n, generation=generation, expires_at=LATER)
    assert len(cache) == 3
    assert cache.get("token-0") is None
    assert cache.get("token-4") == 4


def test_a_revocation_in_this_process_empties_every_cache(settings: Settings) -> None:
    first, second = cached(), cached()
    note_revocation()
    assert first.get("token-a") is None
    assert second.get("token-a") is None
    assert len(first) == len(second) == 0


def test_a_revocation_in_another_process_is_seen_within_the_generation_ttl(
    settings: Settings, redis_url: str
) -> None:
    now = [0.0]
    cache: TokenCache[str] = TokenCache(clock=lambda: now[0])
    cache.put("token-a", "ann", generation=cache.generation(), expires_at=LATER)
    redis.Redis.from_url(redis_url).incr(GENERATION_KEY)  # what note_revocation does elsewhere
    now[0] += GENERATION_TTL_SECONDS - 0.01
    assert cache.get_local("token-a") == "ann"  # the generation read last is still trusted
    now[0] += 0.01
    assert cache.get_local("token-a") is None  # due a new read: not answered from memory
    assert cache.get("token-a") is None  # the new read sees the revocation
    assert GENERATION_TTL_SECONDS <= 1


def test_the_generation_is_read_again_after_a_revocation_here(settings: Settings) -> None:
    cache = cached()
    note_revocation()
    cache.put("token-a", "ann", generation=cache.generation(), expires_at=LATER)
    assert cache.get_local("token-a") == "ann"  # the read after the revocation is trusted


def test_redis_restarting_empty_makes_every_entry_stale(
    settings: Settings, redis_url: str
) -> None:
    now = [0.0]
    cache: TokenCache[str] = TokenCache(clock=lambda: now[0])
    cache.put("token-a", "ann", generation=cache.generation(), expires_at=LATER)
    redis.Redis.from_url(redis_url).flushdb()
    assert cache.get_local("token-a") == "ann"  # answered from memory: Redis is not read
    now[0] += GENERATION_TTL_SECONDS
    assert cache.get("token-a") is None
    cache.put("token-a", "ann", generation=cache.generation(), expires_at=LATER)
    assert cache.get("token-a") == "ann"  # a fresh random generation was started


def test_a_check_that_started_before_a_revocation_is_not_kept(settings: Settings) -> None:
    cache: TokenCache[str] = TokenCache()
    before = cache.generation()  # read, then the token is checked ...
    note_revocation()  # ... while someone revokes it
    cache.put("token-a", "ann", generation=before, expires_at=LATER)
    assert cache.get("token-a") is None


def test_without_redis_nothing_is_cached(tmp_path: Path) -> None:
    with use_settings(Settings(auth_secret="s" * 64, data_dir=tmp_path)):
        cache: TokenCache[str] = TokenCache()
    assert not cache.enabled
    cache.put("token-a", "ann", generation=cache.generation(), expires_at=LATER)
    assert cache.get("token-a") is None


def test_with_redis_down_nothing_is_cached(tmp_path: Path, closed_port_redis_url: str) -> None:
    down = Settings(auth_secret="s" * 64, data_dir=tmp_path, redis_url=closed_port_redis_url)
    with use_settings(down):
        cache: TokenCache[str] = TokenCache()
        cache.put("token-a", "ann", generation=cache.generation(), expires_at=LATER)
        assert cache.get("token-a") is None
        note_revocation()  # never raises
