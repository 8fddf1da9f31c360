"""Sessions in the database plus the Redis hash ``session:{sid}``: hit, miss, revocation."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from tests.support.core import in_session
from todo_reflex.core import cache
from todo_reflex.core.api_tokens import create_api_token
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, Unauthorized
from todo_reflex.core.identity import resolve_bearer
from todo_reflex.core.models import User, UserSession, utcnow
from todo_reflex.core.sessions import (
    cache_key,
    create_session,
    get_active_session,
    list_active_sessions,
    purge_expired_sessions,
    revoke_session,
    revoke_user_sessions,
)
from todo_reflex.core.settings import Settings, use_settings

SECRET = "s" * 64


@pytest.fixture(autouse=True)
def fresh_redis_health() -> Iterator[None]:
    cache.health_for.cache_clear()
    yield
    cache.health_for.cache_clear()


@pytest.fixture
def rds(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def settings(configure: Callable[..., Settings], database_url: str, redis_url: str) -> Settings:
    """The process's settings for the test: its database and Redis."""
    return configure(database_url=database_url, redis_url=redis_url)


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user("sess@example.com")


def _row(engine: sa.Engine, sid: str) -> UserSession:
    with session_scope(engine) as db:
        return db.get(UserSession, sid)


def test_create_writes_the_row_and_the_redis_hash(
    engine: sa.Engine, user: User, settings: Settings, rds: redis.Redis
) -> None:
    session = in_session(create_session, user_id=user.id, ip_address="10.0.0.1",
                         user_agent="pytest")
    row = _row(engine, session.id)
    assert row.user_id == user.id
    assert row.revoked_at is None
    assert row.ip_address == "10.0.0.1"
    assert abs((row.expires_at - utcnow()).total_seconds() - 3600) < 10
    assert session.id == row.id
    assert len(session.id) >= 40

    cached = rds.hgetall(f"session:{session.id}")
    assert cached == {"user_id": str(user.id),
                      "expires_at": str(int(row.expires_at.timestamp()))}
    assert 3590 <= rds.ttl(f"session:{session.id}") <= 3600


def test_lookup_reads_redis_first(
    engine: sa.Engine, user: User, settings: Settings, rds: redis.Redis
) -> None:
    session = in_session(create_session, user_id=user.id)
    with session_scope(engine) as db:  # revoke behind the cache's back
        db.get(UserSession, session.id).revoked_at = utcnow()
    assert in_session(get_active_session, session_id=session.id) == session
    rds.delete(cache_key(session.id))  # now the database decides
    assert in_session(get_active_session, session_id=session.id) is None
    assert not rds.exists(cache_key(session.id))  # a refused session is not cached


def test_miss_reads_the_database_and_recaches(
    engine: sa.Engine, user: User, settings: Settings, rds: redis.Redis
) -> None:
    session = in_session(create_session, user_id=user.id, ttl_seconds=600)
    rds.delete(cache_key(session.id))
    found = in_session(get_active_session, session_id=session.id)
    assert found is not None
    assert found.user_id == user.id
    assert rds.hget(cache_key(session.id), "user_id") == str(user.id)
    assert 590 <= rds.ttl(cache_key(session.id)) <= 600  # never beyond the session's end


def test_revoke_removes_both(
    engine: sa.Engine, user: User, settings: Settings, rds: redis.Redis
) -> None:
    session = in_session(create_session, user_id=user.id)
    assert in_session(revoke_session, session_id=session.id) is True
    assert not rds.exists(cache_key(session.id))
    assert _row(engine, session.id).revoked_at is not None
    assert in_session(get_active_session, session_id=session.id) is None
    assert in_session(revoke_session, session_id=session.id) is False


def test_sign_out_everywhere_keeps_the_current_session(
    engine: sa.Engine, make_user: Callable[..., User], settings: Settings, rds: redis.Redis
) -> None:
    ann, bob = make_user("ann@example.com"), make_user("bob@example.com")
    current, *others = [in_session(create_session, user_id=ann.id) for _ in range(3)]
    bobs = in_session(create_session, user_id=bob.id)
    revoked = in_session(revoke_user_sessions, user_id=ann.id, except_session_id=current.id)
    assert revoked == 2
    for other in others:
        assert not rds.exists(cache_key(other.id))
        assert in_session(get_active_session, session_id=other.id) is None
    assert in_session(get_active_session, session_id=current.id) == current
    assert in_session(get_active_session, session_id=bobs.id) == bobs
    assert [s.id for s in in_session(list_active_sessions, user_id=ann.id)] == [current.id]
    assert in_session(revoke_user_sessions, user_id=ann.id) == 1
    assert in_session(list_active_sessions, user_id=ann.id) == []


def test_sign_out_everywhere_revokes_personal_access_tokens(
    engine: sa.Engine, make_user: Callable[..., User], settings: Settings
) -> None:
    ann, bob = make_user("ann@example.com"), make_user("bob@example.com")
    anns, bobs = (in_session(create_api_token, user_id=u.id, name="Claude").plaintext
                  for u in (ann, bob))
    assert resolve_bearer(anns).user_id == ann.id
    in_session(revoke_user_sessions, user_id=ann.id)
    with pytest.raises(Unauthorized, match="revoked"):  # what the MCP server checks
        resolve_bearer(anns)
    assert resolve_bearer(bobs).user_id == bob.id
    kept = in_session(create_api_token, user_id=ann.id, name="kept")
    in_session(revoke_user_sessions, user_id=ann.id, revoke_api_tokens=False)
    assert resolve_bearer(kept.plaintext).user_id == ann.id


def test_expired_sessions_are_refused(
    engine: sa.Engine, user: User, settings: Settings, rds: redis.Redis
) -> None:
    session = in_session(create_session, user_id=user.id)
    past = int((utcnow() - timedelta(seconds=5)).timestamp())
    rds.hset(cache_key(session.id), "expires_at", past)  # the cache says it has ended
    assert in_session(get_active_session, session_id=session.id) is None

    rds.delete(cache_key(session.id))
    with session_scope(engine) as db:
        db.get(UserSession, session.id).expires_at = utcnow() - timedelta(seconds=1)
    assert in_session(get_active_session, session_id=session.id) is None
    assert in_session(purge_expired_sessions, older_than=timedelta(0)) == 1
    assert _row(engine, session.id) is None


def test_a_corrupt_cache_entry_is_ignored(
    engine: sa.Engine, user: User, settings: Settings, rds: redis.Redis
) -> None:
    session = in_session(create_session, user_id=user.id)
    rds.delete(cache_key(session.id))
    rds.hset(cache_key(session.id), mapping={"user_id": "not-a-number"})
    assert in_session(get_active_session, session_id=session.id) == session


@pytest.mark.parametrize("sid", ["", "short", "x" * 65, "../../etc", "a b" * 10, None, 42])
def test_malformed_session_ids_are_refused(
    engine: sa.Engine, settings: Settings, sid: object
) -> None:
    assert in_session(get_active_session, session_id=sid) is None  # type: ignore[arg-type]
    assert in_session(revoke_session, session_id=sid) is False  # type: ignore[arg-type]


def test_session_lifetime_must_be_positive(
    engine: sa.Engine, user: User, settings: Settings
) -> None:
    with pytest.raises(InvalidInput):
        in_session(create_session, user_id=user.id, ttl_seconds=0)


@pytest.mark.parametrize("redis_setting", ["none", "closed port"])
def test_without_a_working_redis_the_database_is_enough(
    database_url: str, user: User, tmp_path: Path, closed_port_redis_url: str,
    caplog: pytest.LogCaptureFixture, redis_setting: str,
) -> None:
    url = "" if redis_setting == "none" else closed_port_redis_url
    configured = Settings(auth_secret=SECRET, database_url=database_url, redis_url=url,
                          data_dir=tmp_path)
    cache_log = caplog.at_level(logging.WARNING, logger="todo_reflex.core.cache")
    with use_settings(configured), cache_log:
        sessions = [in_session(create_session, user_id=user.id) for _ in range(3)]
        for session in sessions:
            assert in_session(get_active_session, session_id=session.id) == session
        assert in_session(revoke_session, session_id=sessions[0].id)
        assert in_session(get_active_session, session_id=sessions[0].id) is None
        assert in_session(revoke_user_sessions, user_id=user.id) == 2
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == (0 if redis_setting == "none" else 1)


def test_redis_changes_wait_for_the_callers_commit(
    engine: sa.Engine, user: User, settings: Settings, rds: redis.Redis
) -> None:
    with session_scope() as db:
        created = create_session(session=db, user_id=user.id)
        assert not rds.exists(cache_key(created.id))  # not cached before it is committed
    assert rds.exists(cache_key(created.id))
    with session_scope() as db:
        assert revoke_session(session_id=created.id, session=db)
        assert rds.exists(cache_key(created.id))  # still visible to others: still cached
    assert not rds.exists(cache_key(created.id))


def test_a_revocation_rolled_back_leaves_the_session_signed_in(
    engine: sa.Engine, user: User, settings: Settings, rds: redis.Redis
) -> None:
    kept = in_session(create_session, user_id=user.id)
    with pytest.raises(RuntimeError), session_scope() as db:
        assert revoke_user_sessions(user_id=user.id, session=db) == 1
        raise RuntimeError("the caller fails after revoking")
    assert rds.exists(cache_key(kept.id))
    assert in_session(get_active_session, session_id=kept.id) == kept
