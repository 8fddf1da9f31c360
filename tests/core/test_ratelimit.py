"""Rate limits: memory only, shared through real Redis, and Redis down (memory fallback)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import pytest
import redis
from limits.storage import MemoryStorage

from todo_reflex.core import cache
from todo_reflex.core.errors import RateLimited
from todo_reflex.core.ratelimit import (
    RateLimiter,
    chat_limit,
    check_chat_limit,
    count_chat_message,
    enforce_mcp_limit,
    get_limiter,
    login_backoff,
    login_ip_limit,
    login_limit,
    mcp_limit,
    process_memory,
    signup_limit,
)
from todo_reflex.core.settings import Settings, use_settings


@pytest.fixture(autouse=True)
def fresh_redis_health() -> Iterator[None]:
    cache.health_for.cache_clear()
    process_memory().reset()
    yield
    cache.health_for.cache_clear()
    process_memory().reset()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A wall clock the test moves by hand: ``clock[0] += 60``."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def _exhaust(limiter: RateLimiter, key: str = "u1", limit: str = "3/minute") -> list[bool]:
    return [limiter.hit("chat", key, limit).allowed for _ in range(4)]


def test_memory_limiter_counts_per_namespace_and_key() -> None:
    limiter = RateLimiter()
    assert not limiter.uses_redis
    assert _exhaust(limiter) == [True, True, True, False]
    denied = limiter.hit("chat", "u1", "3/minute")
    assert not denied.allowed
    assert 1 <= denied.retry_after <= 60
    assert limiter.hit("chat", "u2", "3/minute").allowed  # another user
    assert limiter.hit("mcp", "u1", "3/minute").allowed  # another namespace


def test_peek_does_not_count_and_clear_forgets() -> None:
    limiter = RateLimiter()
    for _ in range(5):
        assert limiter.peek("login", "k", "2/minute").allowed
    limiter.hit("login", "k", "2/minute")
    assert limiter.hit("login", "k", "2/minute").allowed  # the second of two
    assert not limiter.peek("login", "k", "2/minute").allowed
    limiter.clear("login", "k", "2/minute")
    assert limiter.hit("login", "k", "2/minute").allowed


def test_enforce_raises_rate_limited_with_retry_after() -> None:
    limiter = RateLimiter()
    limiter.enforce("chat", "u", "1/minute")
    with pytest.raises(RateLimited) as info:
        limiter.enforce("chat", "u", "1/minute")
    assert 1 <= info.value.retry_after <= 60
    assert info.value.code == "RATE_LIMITED"


def test_limits_come_from_settings() -> None:
    with use_settings(Settings(rate_limit_per_minute=7, mcp_rate_limit_per_minute=99,
                                   login_attempts_per_15_minutes=4)):
        assert (chat_limit(), mcp_limit(), login_limit()) == (
            "7/minute", "99/minute", "4/15 minutes")
    with use_settings(Settings()):
        assert (chat_limit(), mcp_limit()) == ("10/minute", "120/minute")
        assert login_ip_limit() == "30/15 minutes"
        assert signup_limit() == "5/hour"
        assert login_backoff() == (
            "5/1 minute;6/2 minutes;7/4 minutes;8/8 minutes;9/16 minutes;10/32 minutes;"
            "11/64 minutes"
        )
    with use_settings(Settings(login_attempts_before_backoff=2, login_backoff_max_minutes=5)):
        assert login_backoff() == "2/1 minute;3/2 minutes;4/4 minutes"


def test_several_windows_must_all_have_room(clock: list[float]) -> None:
    limiter, limit = RateLimiter(memory=MemoryStorage()), "2/minute;3/hour"
    assert [limiter.hit("x", "k", limit).allowed for _ in range(3)] == [True, True, False]
    clock[0] += 61
    assert limiter.hit("x", "k", limit).allowed  # the minute has room, the hour its third
    refused = limiter.hit("x", "k", limit)
    assert not refused.allowed
    assert 3500 < refused.retry_after <= 3600
    limiter.clear("x", "k", limit)
    assert limiter.peek("x", "k", limit).allowed


def test_login_backoff_waits_grow_exponentially(clock: list[float]) -> None:
    limiter = RateLimiter(memory=MemoryStorage())
    with use_settings(Settings(login_attempts_before_backoff=5, login_backoff_max_minutes=64)):
        limit = login_backoff()
    assert all(limiter.hit("login", "k", limit).allowed for _ in range(5))
    waits = []
    for _ in range(7):
        refused = limiter.hit("login", "k", limit)
        assert not refused.allowed
        waits.append(round(refused.retry_after / 60))
        clock[0] += refused.retry_after
        assert limiter.hit("login", "k", limit).allowed
    assert waits == [1, 1, 2, 4, 8, 16, 32]


@pytest.mark.redis
def test_redis_counts_are_shared_between_replicas(redis_url: str) -> None:
    first, second = RateLimiter(redis_url), RateLimiter(redis_url)
    assert first.uses_redis
    assert [first.hit("chat", "7", "3/minute").allowed for _ in range(2)] == [True, True]
    assert second.hit("chat", "7", "3/minute").allowed
    result = second.hit("chat", "7", "3/minute")
    assert not result.allowed
    assert result.retry_after >= 1
    assert not first.peek("chat", "7", "3/minute").allowed
    keys = redis.Redis.from_url(redis_url).keys("*")
    assert any(b"chat/7" in key for key in keys), keys


@pytest.mark.redis
def test_shared_limiter_and_chat_helper_use_redis(redis_url: str) -> None:
    with use_settings(Settings(redis_url=redis_url, rate_limit_per_minute=2)):
        assert get_limiter() is get_limiter()
        for _ in range(3):
            check_chat_limit(42)  # a check alone counts nothing
        count_chat_message(42)
        check_chat_limit(42)
        count_chat_message(42)
        with pytest.raises(RateLimited) as refused:
            check_chat_limit(42)
        assert 1 <= refused.value.retry_after <= 60
    assert redis.Redis.from_url(redis_url).keys("*chat/42*")


def test_redis_down_falls_back_to_memory_with_one_warning(
    closed_port_redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = RateLimiter(closed_port_redis_url)
    with caplog.at_level(logging.WARNING, logger="todo_reflex.core.cache"):
        assert _exhaust(limiter) == [True, True, True, False]
        for _ in range(20):
            assert not limiter.hit("chat", "u1", "3/minute").allowed
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "process memory" in warnings[0].getMessage()


def test_redis_down_is_retried_on_every_call_after_the_pause(
    closed_port_redis_url: str, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cache, "RETRY_AFTER_SECONDS", 0.0)  # no pause: try Redis every call
    limiter = RateLimiter(closed_port_redis_url)
    with caplog.at_level(logging.WARNING, logger="todo_reflex.core.cache"):
        results = [limiter.hit("mcp", "u", "100/minute").allowed for _ in range(10)]
    assert all(results)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


def test_mcp_limit_holds_while_redis_is_down(closed_port_redis_url: str) -> None:
    started = time.monotonic()
    outcomes = []
    with use_settings(Settings(redis_url=closed_port_redis_url, mcp_rate_limit_per_minute=120)):
        for _ in range(200):
            try:
                enforce_mcp_limit(7)
                outcomes.append(True)
            except RateLimited:
                outcomes.append(False)
    assert outcomes == [True] * 120 + [False] * 80
    assert time.monotonic() - started < 2  # no connection attempt per call


def test_all_limiters_of_a_process_count_in_one_memory(closed_port_redis_url: str) -> None:
    with use_settings(Settings(redis_url=closed_port_redis_url)):
        down = get_limiter()
    with use_settings(Settings(redis_url="")):
        memory_only = get_limiter()
    assert down is not memory_only
    assert [down.hit("mcp", "7", "2/minute").allowed for _ in range(2)] == [True, True]
    assert not memory_only.hit("mcp", "7", "2/minute").allowed
    assert not RateLimiter().hit("mcp", "7", "2/minute").allowed


@pytest.mark.redis
def test_limit_holds_when_redis_restarts_empty_or_goes_down(
    redis_url: str, closed_port_redis_url: str
) -> None:
    memory = MemoryStorage()  # this process's counts, whatever Redis does
    limiter = RateLimiter(redis_url, memory=memory)
    assert all(limiter.hit("mcp", "7", "3/minute").allowed for _ in range(3))
    redis.Redis.from_url(redis_url).flushdb()  # Redis restarted without its data
    assert not limiter.hit("mcp", "7", "3/minute").allowed
    assert not RateLimiter(closed_port_redis_url, memory=memory).hit("mcp", "7", "3/minute").allowed


def test_a_down_redis_is_probed_by_one_call_per_pause(
    closed_port_redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RETRY_AFTER_SECONDS", 0.3)
    probes = []
    failed = cache.RedisHealth.failed

    def counted(health: cache.RedisHealth, error: BaseException, *, what: str) -> None:
        probes.append(1)
        failed(health, error, what=what)

    monkeypatch.setattr(cache.RedisHealth, "failed", counted)
    limiter = RateLimiter(closed_port_redis_url, memory=MemoryStorage())
    for _ in range(50):
        limiter.hit("mcp", "u", "1000/minute")
    assert len(probes) == 1  # the first call; the next ones use memory alone
    time.sleep(0.35)
    threads = [threading.Thread(target=limiter.hit, args=("mcp", "u", "1000/minute"))
               for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(probes) == 2  # one probe after the pause, however many calls arrive at once
