"""Warm-up before the MCP server takes traffic, and the readiness check behind ``/health/ready``.

A cold process spends its first call on one-time work: configuring the ORM mappers, creating
the engine and its first connections, compiling the task service's statements, loading the
rate limiter's scripts into Redis, the MCP SDK building its JSON-RPC models and FastMCP its
handlers on the first request. :func:`warm_up` and :func:`warm_protocol` do all of it before
the server listens, with no user and nothing written (a read of user 0's tasks, a token check
that must fail, a rate-limit hit in its own namespace, ``tools/list`` and a ``list_tasks`` call
without a user, which the tool refuses). No MCP client is involved: importing FastMCP's client
would cost the server 0.3-0.5 s of start-up and about 7 MB for good.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextlib import ExitStack, suppress
from typing import Any

import anyio
import sqlalchemy as sa
from sqlalchemy.orm import configure_mappers
from sqlmodel import select
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.types import ASGIApp, Message

from mcp_server.middleware import warm_up_call
from todo_reflex.core import tasks
from todo_reflex.core.api_tokens import hash_token
from todo_reflex.core.cache import redis_client, safe_redis
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.errors import DomainError
from todo_reflex.core.identity import resolve_bearer
from todo_reflex.core.models import ApiToken, User
from todo_reflex.core.ratelimit import get_limiter, mcp_limit
from todo_reflex.core.settings import Settings
from todo_reflex.core.token_cache import TokenCache
from todo_reflex.core.tokens import issue_mcp_token

logger = logging.getLogger("mcp_server.readiness")

WARM_CONNECTIONS = 4
WARMUP_TIMEOUT_SECONDS = 15.0
READY_CHECK_TIMEOUT_SECONDS = 2.0
NOBODY = tasks.Actor(user_id=0, timezone="Europe/Berlin")


def warm_up(settings: Settings) -> bool:
    """Do the one-time work of a first call now; True when the database took part.

    Never raises: a step that fails (database or Redis down) is logged and skipped, and
    ``/health/ready`` keeps saying why the server is not ready.
    """
    started = time.perf_counter()
    configure_mappers()
    database = _step("database", lambda: _warm_database(settings))
    _step("token check", lambda: _warm_token_check(settings))
    _step("redis", _warm_redis)
    logger.info(
        "warmed up", extra={"duration_ms": round((time.perf_counter() - started) * 1000, 1)}
    )
    return database


async def warm_up_async(settings: Settings) -> bool:
    """:func:`warm_up` in a worker thread, given up on (not waited for) after 15 s."""
    with anyio.move_on_after(WARMUP_TIMEOUT_SECONDS):
        return await anyio.to_thread.run_sync(warm_up, settings, abandon_on_cancel=True)
    logger.warning("warm-up still running after %.0f s; serving anyway", WARMUP_TIMEOUT_SECONDS)
    return False


async def warm_protocol(app: Starlette, path: str = "/mcp") -> None:
    """Post ``tools/list`` and a ``list_tasks`` call to the MCP endpoint in memory (never raises).

    The requests go to the streamable HTTP handler behind the bearer check, so they take the
    path of a real request (transport, JSON-RPC models, FastMCP's handlers, argument
    validation, the worker thread) with no user: the tool refuses the call, and the tool-call
    middleware does not count or log it (:data:`~mcp_server.middleware.warm_up_call`).
    """
    try:
        endpoint = _behind_bearer_check(app, path)
        marked = warm_up_call.set(True)
        try:
            for n, (method, params) in enumerate(WARM_REQUESTS):
                status = await _post(endpoint, path, {"jsonrpc": "2.0", "id": n,
                                                      "method": method, "params": params})
                if status != 200:
                    raise RuntimeError(f"{method} answered HTTP {status}")
        finally:
            warm_up_call.reset(marked)
    except Exception as error:  # noqa: BLE001 - warm-up is best effort
        logger.warning("warm-up of the MCP protocol skipped: %s: %s", type(error).__name__, error)


WARM_REQUESTS = (("tools/list", {}), ("tools/call", {"name": "list_tasks", "arguments": {}}))


def _behind_bearer_check(app: Starlette, path: str) -> ASGIApp:
    """The ASGI app that FastMCP's bearer check (``RequireAuthMiddleware``) guards at ``path``."""
    for route in app.routes:
        if isinstance(route, Route) and route.path == path:
            return getattr(route.app, "app", route.app)
    raise LookupError(f"no route {path}")


async def _post(endpoint: ASGIApp, path: str, message: dict[str, Any]) -> int:
    """One in-memory JSON POST to ``endpoint``; its HTTP status."""
    body = json.dumps(message).encode()
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "server": ("127.0.0.1", 0), "client": ("127.0.0.1", 0),
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                    (b"accept", b"application/json, text/event-stream"),
                    (b"content-length", str(len(body)).encode())],
    }
    sent = False
    status = 0

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await anyio.sleep_forever()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await endpoint(scope, receive, send)
    return status


async def database_problem(settings: Settings) -> str | None:
    """Why the database cannot serve a call right now, or None when it answers."""
    try:
        with anyio.fail_after(READY_CHECK_TIMEOUT_SECONDS):
            await anyio.to_thread.run_sync(_ping, settings, abandon_on_cancel=True)
    except TimeoutError:
        return f"database did not answer within {READY_CHECK_TIMEOUT_SECONDS:.0f} s"
    except Exception as error:  # noqa: BLE001 - any failure means not ready; say which kind
        return f"database unreachable ({type(error).__name__})"
    return None


def _ping(settings: Settings) -> None:
    with session_scope(engine_for(settings.database_url), read_only=True) as db:
        db.execute(sa.text("SELECT 1"))


def _step(name: str, work: Callable[[], None]) -> bool:
    try:
        work()
    except Exception as error:  # noqa: BLE001 - warm-up is best effort; readiness tells
        logger.warning("warm-up of the %s skipped: %s: %s", name, type(error).__name__, error)
        return False
    return True


def _warm_database(settings: Settings) -> None:
    """Open a few pooled connections and compile the statements a tool call runs."""
    engine = engine_for(settings.database_url)
    with ExitStack() as stack:
        for _ in range(WARM_CONNECTIONS):
            stack.enter_context(engine.connect()).execute(sa.text("SELECT 1"))
    with session_scope(engine, read_only=True) as db:
        db.get(User, NOBODY.user_id)
        db.exec(select(ApiToken).where(ApiToken.token_hash == hash_token("tat_warm-up"))).first()
        for status in ("pending", "all"):
            tasks.list_tasks(session=db, actor=NOBODY, status=status)
        with suppress(DomainError):  # nobody has no task 1: the statement compiles all the same
            tasks.get_task(session=db, actor=NOBODY, task_id=1)


def _warm_token_check(settings: Settings) -> None:
    """Check a token whose session does not exist: JWT, Redis and database paths, refused."""
    token = issue_mcp_token(user_id=1, session_id="warm-up-" + "0" * 24)
    with suppress(DomainError):
        resolve_bearer(token, audience=settings.mcp_audience)


def _warm_redis() -> None:
    """Connect to Redis, read the revocation generation, load the rate limiter's scripts."""
    client = redis_client()
    if client is None:
        return
    safe_redis(client, lambda r: r.ping(), default=None)
    TokenCache().generation()
    get_limiter().hit("warm-up", "mcp-server", mcp_limit())
