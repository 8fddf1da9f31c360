"""Database engines and sessions: one engine per URL, one way to open a session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from todo_reflex.core.settings import get_settings


@lru_cache(maxsize=16)
def engine_for(url: str) -> sa.Engine:
    """Create (once) the engine for a database URL; SQLite gets its folder and sane pragmas."""
    if url.startswith("sqlite"):
        db_path = sa.make_url(url).database
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API objects
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def get_engine() -> sa.Engine:
    """The engine for the configured ``DATABASE_URL``."""
    return engine_for(get_settings().database_url)


@contextmanager
def session_scope(engine: sa.Engine | None = None) -> Iterator[Session]:
    """Open a session that commits on success and rolls back on error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
