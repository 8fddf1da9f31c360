"""One database session per MCP request: the token check opens it, the tool call continues it.

A token the cache does not know is checked against the database (session or token row, the
user's time zone) before the request reaches its tool. Instead of a session of its own, that
check opens the request's :class:`RequestSession`; the tool then takes it (``tool_session``)
and does its work in the same transaction, on the same pooled connection, and commits. A
request whose token check needed no database (a cached check) gets the tool's own session as
before, read-only for ``readOnlyHint`` tools. :class:`OneSessionPerRequest`, the outermost
layer of the bearer auth, gives each HTTP request its holder and ends a session no tool took
(``tools/list``, a refused token, a call that failed before its tool ran), committing what
the check wrote (a personal token's last use).

A request's session keeps its pooled connection while the request waits on the event loop for
a thread to run its tool. So that such waiting connections can never starve the threads that
wait for one (sessions are synchronous: a thread blocked on the pool holds its thread), at
most ``HELD_MAX`` requests hold one at a time; a token check beyond that has a short session
of its own, as before (two sessions for that call).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import anyio
from sqlmodel import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from todo_reflex.core.db import get_engine, refuse_writes_in, session_scope

HELD_MAX = 5
"""Requests that may hold a session across the wait for their tool (the pool has 10 + 20)."""
_held = threading.BoundedSemaphore(HELD_MAX)


class RequestSession:
    """The database session of one request, created when the token check first needs one."""

    def __init__(self) -> None:
        self._session: Session | None = None
        self._lock = threading.Lock()  # a cancelled request's end may race its tool's start

    def open(self) -> Session | None:
        """The request's session (connecting at first use); None if HELD_MAX hold one now."""
        with self._lock:
            if self._session is None:
                if not _held.acquire(blocking=False):
                    return None
                self._session = Session(get_engine(), expire_on_commit=False)
            return self._session

    def take(self) -> Session | None:
        """Hand the session over to its new owner, who commits and closes it; None if none."""
        with self._lock:
            session, self._session = self._session, None
        return session


_PROBES = frozenset({"/health", "/health/ready", "/metrics"})  # no token, no session
_request: ContextVar[RequestSession | None] = ContextVar("mcp_request_session", default=None)


def request_session() -> RequestSession | None:
    """The holder of the current HTTP request; None outside one (in-memory clients, warm-up)."""
    return _request.get()


@contextmanager
def tool_session(*, read_only: bool) -> Iterator[Session]:
    """The tool's session: the one the token check opened for this request, else a new one.

    Either way one transaction that commits on success and rolls back on error (a new one
    for a read-only tool is ``session_scope(read_only=True)``: no transaction at all).
    """
    holder = _request.get()
    opened = holder.take() if holder is not None else None
    if opened is None:
        with session_scope(read_only=read_only) as session:
            yield session
        return
    try:
        if read_only:
            refuse_writes_in(opened)
        yield opened
        opened.commit()
    except BaseException:
        opened.rollback()
        raise
    finally:
        opened.close()
        _held.release()


def _end(session: Session) -> None:
    """Commit what the token check wrote, if it got that far, and give the connection back."""
    try:
        session.commit()
    except Exception:  # noqa: BLE001 - the check already answered; the pool cleans up
        session.rollback()
    finally:
        session.close()
        _held.release()


class OneSessionPerRequest:
    """ASGI middleware: each HTTP request gets a :class:`RequestSession`, ended after it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request with its holder; end a session no tool took (in a worker thread)."""
        if scope["type"] != "http" or scope.get("path") in _PROBES:
            await self.app(scope, receive, send)
            return
        holder = RequestSession()
        token = _request.set(holder)
        try:
            await self.app(scope, receive, send)
        finally:
            _request.reset(token)
            left = holder.take()
            if left is not None:
                await anyio.to_thread.run_sync(_end, left)
