"""Sessions: read-only ones never write; pooled connections survive a database restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import select

from todo_reflex.core import db
from todo_reflex.core.db import dispose_engine, engine_for, session_scope
from todo_reflex.core.errors import dependency_down
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.models import User


def test_read_only_sessions_read_but_never_write(engine: sa.Engine) -> None:
    with session_scope(engine) as session:
        session.add(User(email="ann@example.com"))
    with session_scope(engine, read_only=True) as session:
        assert session.exec(select(User.email)).all() == ["ann@example.com"]
    with pytest.raises(RuntimeError, match="read-only"), session_scope(engine, read_only=True) as s:
        s.add(User(email="bob@example.com"))
        s.flush()
    with pytest.raises(RuntimeError, match="read-only"), session_scope(engine, read_only=True) as s:
        s.execute(sa.delete(User))
    with session_scope(engine, read_only=True) as session:
        assert session.exec(select(User.email)).all() == ["ann@example.com"]


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[sa.Engine]:
    upgrade(postgres_url)
    yield engine_for(postgres_url)
    dispose_engine(postgres_url)


def _kill_connections(admin_url: str, engine: sa.Engine) -> int:
    """Terminate every server connection of ``engine``'s database, as a restart would."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            return len(conn.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ), {"name": engine.url.database}).all())
    finally:
        admin.dispose()


def _count_users(engine: sa.Engine, read_only: bool) -> int:
    with session_scope(engine, read_only=read_only) as session:
        return len(session.exec(select(User.id)).all())


@pytest.mark.parametrize("read_only", [False, True])
def test_idle_connections_are_checked_and_replaced_after_a_restart(
    pg_engine: sa.Engine, postgres_admin_url: str, monkeypatch: pytest.MonkeyPatch,
    read_only: bool,
) -> None:
    assert _count_users(pg_engine, read_only) == 0
    assert _kill_connections(postgres_admin_url, pg_engine) >= 1
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # every pooled connection is idle
    assert _count_users(pg_engine, read_only) == 0  # no error: the ping found it dead


def test_a_busy_connection_that_dies_fails_once_as_unavailable_then_recovers(
    pg_engine: sa.Engine, postgres_admin_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 3600.0)  # nothing is pinged
    assert _count_users(pg_engine, read_only=False) == 0
    _kill_connections(postgres_admin_url, pg_engine)
    with pytest.raises(sa.exc.DBAPIError) as failed:
        _count_users(pg_engine, read_only=False)
    assert dependency_down(failed.value)
    assert _count_users(pg_engine, read_only=True) == 0
    assert _count_users(pg_engine, read_only=False) == 0
