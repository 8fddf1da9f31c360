"""Database engines and sessions: one engine per URL, one way to open a session.

Pooled server connections are pinged only when they have been idle for
``PING_AFTER_IDLE_SECONDS``: a connection that served a request a moment ago is used as is
(no extra round trip per call), one that sat idle, and may have outlived a database restart,
is checked first and silently replaced when dead. A connection that dies while busy fails its
one statement with a disconnect error (``errors.dependency_down`` says UNAVAILABLE); the pool
then replaces every connection opened before the failure, so the next call works.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session

from todo_reflex.core.settings import get_settings

PING_AFTER_IDLE_SECONDS = 2.0
_LAST_USED = "todo_last_used"
_engines: dict[str, sa.Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str) -> sa.Engine:
    """The engine for a database URL, created once per process and kept until disposed."""
    with _engines_lock:
        if url not in _engines:
            _engines[url] = _create_engine(url)
        return _engines[url]


def dispose_engine(url: str) -> None:
    """Close the pooled connections of ``url``'s engine and forget it."""
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def _create_engine(url: str) -> sa.Engine:
    """SQLite gets its folder and sane pragmas; servers get a LIFO pool checked after idling."""
    if url.startswith("sqlite"):
        db_path = sa.make_url(url).database
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = sa.create_engine(url, pool_size=10, max_overflow=20, pool_use_lifo=True)
    sa.event.listen(engine, "connect", _mark_used)
    sa.event.listen(engine, "checkin", _mark_used)
    sa.event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _mark_used(_dbapi_connection: Any, record: Any, *_: Any) -> None:
    record.info[_LAST_USED] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Check a connection that sat idle; a dead one makes the pool reconnect (and retry)."""
    if time.monotonic() - record.info.get(_LAST_USED, 0.0) < PING_AFTER_IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()  # leave no transaction open: read-only sessions autocommit
    except Exception as error:  # noqa: BLE001 - any failure means this connection is unusable
        # every older connection shares its fate (a restarted server): replace them all
        raise sa.exc.InvalidatePoolError(f"idle connection failed its ping: {error}") from error


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API objects
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # SQLite's own lower() knows only ASCII, so a search for "À" missed "À"; Python's is
    # Unicode's, the one the search text is lowered with
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def get_engine() -> sa.Engine:
    """The engine for the configured ``DATABASE_URL``."""
    return engine_for(get_settings().database_url)


class ReadOnlySession(Session):
    """A session for reads: flushing changes or running INSERT/UPDATE/DELETE raises.

    (Textual SQL is not inspected.)
    """


def _refuse_flush(session: Session, *_: Any) -> None:
    raise RuntimeError("a read-only session cannot write (flush refused)")


def _refuse_writes(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise RuntimeError("a read-only session cannot write (statement refused)")


sa.event.listen(ReadOnlySession, "before_flush", _refuse_flush)
sa.event.listen(ReadOnlySession, "do_orm_execute", _refuse_writes)


def refuse_writes_in(session: Session) -> None:
    """From now on refuse writes in ``session`` as a ``ReadOnlySession`` does.

    What it changed so far is flushed first (and still commits with it).
    """
    session.flush()
    sa.event.listen(session, "before_flush", _refuse_flush)
    sa.event.listen(session, "do_orm_execute", _refuse_writes)


def after_commit(session: Session, action: Callable[[], object]) -> None:
    """Run ``action`` once the caller commits ``session`` (never if it rolls back).

    For side effects outside the database (dropping a Redis cache entry, moving the token
    caches' revocation generation): done earlier, another process could re-read and re-cache
    the old row before the commit made the change visible.
    """
    sa.event.listen(session, "after_commit", lambda _session: action(), once=True)


@contextmanager
def session_or_own(session: Session | None, *, read_only: bool = False) -> Iterator[Session]:
    """The caller's session as it is (the caller commits), or a ``session_scope`` of our own.

    For work that is sometimes a step of a larger unit (one session per chat turn, per MCP
    call) and sometimes all there is.
    """
    if session is not None:
        yield session
        return
    with session_scope(read_only=read_only) as own:
        yield own


@contextmanager
def session_scope(engine: sa.Engine | None = None, *, read_only: bool = False) -> Iterator[Session]:
    """Open a session: one transaction that commits on success and rolls back on error.

    Args:
        engine: Database engine; the one for ``DATABASE_URL`` by default.
        read_only: For reads only: no transaction and no commit (the connection
            autocommits, saving the BEGIN and COMMIT round trips) and any write raises
            ``RuntimeError``. Each statement sees the data committed when it starts, as
            statements of a READ COMMITTED transaction do.
    """
    if read_only:
        with ReadOnlySession(engine or get_engine(), expire_on_commit=False) as session:
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            yield session
        return
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
