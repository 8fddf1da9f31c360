"""Rate limits: memory only, shared through real Redis, and Redis down (memory fallback)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import redis

from todo_reflex.core import cache
from todo_reflex.core.errors import RateLimited
from todo_reflex.core.ratelimit import (
    RateLimiter,
    chat_limit,
    enforce_chat_limit,
    get_limiter,
    login_limit,
    mcp_limit,
)
from todo_reflex.core.settings import Settings


@pytest.fixture(autouse=True)
def fresh_redis_health() -> Iterator[None]:
    cache.health_for.cache_clear()
    yield
    cache.health_for.cache_clear()


def _exhaust(limiter: RateLimiter, key: str = "u1", limit: str = "3/minute") -> list[bool]:
    return [limiter.hit("chat", key, limit).allowed for _ in range(4)]


def test_memory_limiter_counts_per_namespace_and_key() -> None:
    limiter = RateLimiter()
    assert not limiter.uses_redis
    assert _exhaust(limiter) == [True, True, True, False]
    denied = limiter.hit("chat", "u1", "3/minute")
    assert not denied.allowed and 1 <= denied.retry_after <= 60 and denied.remaining == 0
    assert limiter.hit("chat", "u2", "3/minute").allowed  # another user
    assert limiter.hit("mcp", "u1", "3/minute").allowed  # another namespace


def test_peek_does_not_count_and_clear_forgets() -> None:
    limiter = RateLimiter()
    for _ in range(5):
        assert limiter.peek("login", "k", "2/minute").allowed
    limiter.hit("login", "k", "2/minute")
    assert limiter.hit("login", "k", "2/minute").remaining == 0
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
    settings = Settings(rate_limit_per_minute=7, mcp_rate_limit_per_minute=99,
                        login_attempts_per_15_minutes=4)
    assert chat_limit(settings) == "7/minute"
    assert mcp_limit(settings) == "99/minute"
    assert login_limit(settings) == "4/15 minutes"
    defaults = Settings()
    assert (chat_limit(defaults), mcp_limit(defaults)) == ("10/minute", "120/minute")


@pytest.mark.redis
def test_redis_counts_are_shared_between_replicas(redis_url: str) -> None:
    first, second = RateLimiter(redis_url), RateLimiter(redis_url)
    assert first.uses_redis
    assert [first.hit("chat", "7", "3/minute").allowed for _ in range(2)] == [True, True]
    assert second.hit("chat", "7", "3/minute").allowed
    result = second.hit("chat", "7", "3/minute")
    assert not result.allowed and result.retry_after >= 1
    assert not first.peek("chat", "7", "3/minute").allowed
    keys = redis.Redis.from_url(redis_url).keys("*")
    assert any(b"chat/7" in key for key in keys), keys


@pytest.mark.redis
def test_shared_limiter_and_chat_helper_use_redis(redis_url: str) -> None:
    settings = Settings(redis_url=redis_url, rate_limit_per_minute=2)
    assert get_limiter(settings) is get_limiter(settings)
    enforce_chat_limit(42, settings=settings)
    enforce_chat_limit(42, settings=settings)
    with pytest.raises(RateLimited):
        enforce_chat_limit(42, settings=settings)
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
