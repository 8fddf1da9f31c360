"""Fixtures for the domain core: migrated databases on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from todo_reflex.core.db import dispose_engine, engine_for, session_scope
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.models import User


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    """A database migrated to the newest revision (never ``create_all``)."""
    upgrade(database_url)
    engine = engine_for(database_url)
    yield engine
    dispose_engine(database_url)


@pytest.fixture
def make_user(engine: sa.Engine) -> Callable[..., User]:
    """Create users directly (no password) for tests of other services."""

    def make(email: str = "ann@example.com", timezone: str = "UTC") -> User:
        with session_scope(engine) as session:
            user = User(email=email, name=email.split("@")[0], timezone=timezone)
            session.add(user)
            session.flush()
            session.refresh(user)
            return user

    return make
