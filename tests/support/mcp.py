"""A live MCP server for tests: a subprocess on a free port (or an ASGI app in a thread),
with two real users, on SQLite without Redis or on PostgreSQL with Redis.

Tests of the tools' behaviour call them in memory (``McpStack.in_memory``); the HTTP suites
(transport, auth, headers, limits) go through the live server (``McpStack.client``).
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import redis
import sqlalchemy as sa
import uvicorn
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport
from mcp.server.auth.middleware.auth_context import auth_context_var
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser

from mcp_server.auth import TodoTokenVerifier
from mcp_server.server import build_server
from tests.support.core import in_session
from tests.support.services import (
    TEST_REDIS_URL,
    postgres_admin_url_or_fail,
    require_redis,
    temporary_postgres_database,
)
from todo_reflex.assistant.mcp_client import tls_context  # the app's one context per process
from todo_reflex.core import sessions, tokens, users
from todo_reflex.core.db import dispose_engine, engine_for
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.settings import Settings, use_settings
from todo_reflex.processes import Service, free_port, wait_http

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


@dataclass
class Person:
    """A registered user with a live session and an MCP token."""

    id: int
    email: str
    session_id: str
    token: str


@dataclass
class McpStack:
    """A running server and what tests need to talk to it."""

    name: str
    base: str
    settings: Settings
    engine: sa.Engine
    ann: Person
    bob: Person

    @property
    def url(self) -> str:
        return f"{self.base}/mcp"

    def client(self, token: str) -> Client:
        headers = {"Authorization": f"Bearer {token}"}
        transport = StreamableHttpTransport(self.url, headers=headers, verify=tls_context())
        return Client(transport, timeout=30)

    @asynccontextmanager
    async def in_memory(self, person: Person) -> AsyncIterator[Client]:
        """The server's tools in this process (no HTTP), called as ``person``.

        The person's token goes through the server's own verifier, and the verified identity
        is put where the HTTP auth middleware puts it, so the tools see what they see over HTTP.
        """
        with use_settings(self.settings) as settings:
            identity = await TodoTokenVerifier(settings).verify_token(person.token)
            assert identity is not None, "the person's token was refused"
            reset = auth_context_var.set(AuthenticatedUser(identity))
            try:
                async with Client(build_server(settings), timeout=30) as client:
                    yield client
            finally:
                auth_context_var.reset(reset)

    def run(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a core service on this stack's database and Redis, in one transaction."""
        with use_settings(self.settings):
            return in_session(service, *args, **kwargs)

    def person(self, email: str) -> Person:
        user = self.run(users.register_user, email=email, password="correct horse battery")
        return self.login(user.id, email)

    def login(self, user_id: int, email: str) -> Person:
        info = self.run(sessions.create_session, user_id=user_id)
        with use_settings(self.settings):
            token = tokens.issue_mcp_token(user_id=user_id, session_id=info.id)
        return Person(id=user_id, email=email, session_id=info.id, token=token)


@contextmanager
def running_server(env: dict[str, str], port: int) -> Iterator[str]:
    """Start ``python -m mcp_server`` and wait until ``/health`` answers."""
    service = Service("MCP server", [sys.executable, "-m", "mcp_server"],
                      {**os.environ, **env}, Path(env["DATA_DIR"]) / "mcp.log").start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/health", service, 30, ok=300, interval=0.1)
        yield base
    finally:
        service.stop(10)


@contextmanager
def serving(app: object) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread on a free loopback port; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, access_log=False, ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="mcp-test-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def mcp_stack(kind: str, data_dir: Path, **extra_env: str) -> Iterator[McpStack]:
    """Migrate a database, start the server against it and register Ann and Bob."""
    with ExitStack() as stack:
        if kind == "sqlite":
            database_url, redis_url = f"sqlite:///{data_dir / 'mcp.db'}", ""
        else:
            database_url = stack.enter_context(
                temporary_postgres_database(postgres_admin_url_or_fail())
            )
            require_redis()
            redis_url = TEST_REDIS_URL
            redis.Redis.from_url(redis_url).flushdb()
        secret = secrets.token_urlsafe(48)
        port = free_port()
        env = {
            "DATABASE_URL": database_url, "REDIS_URL": redis_url, "AUTH_SECRET": secret,
            "DATA_DIR": str(data_dir), "MCP_PORT": str(port), "MCP_HOST": "127.0.0.1",
            "APP_ENV": "test", **extra_env,
        }
        upgrade(database_url)
        settings = Settings(
            database_url=database_url, redis_url=redis_url, auth_secret=secret,
            data_dir=data_dir, app_env="test",
        )
        engine = engine_for(database_url)
        stack.callback(dispose_engine, database_url)
        base = stack.enter_context(running_server(env, port))
        partial = McpStack(kind, base, settings, engine, None, None)  # type: ignore[arg-type]
        partial.ann = partial.person("ann@example.com")
        partial.bob = partial.person("bob@example.com")
        yield partial


@dataclass
class Refusal:
    """A tool call the server refused: its code and field (structured) and its sentence."""

    code: str
    text: str
    field: str | None


async def refused(client: Client, tool: str, args: dict) -> Refusal:
    """Call ``tool`` expecting an error result; the text must be a sentence without a code."""
    result = await client.call_tool_mcp(tool, args)
    assert result.is_error, (tool, args, result.content)
    text = result.content[0].text
    error = (result.structured_content or {}).get("error")
    assert error is not None, text
    assert error["message"] == text and text.endswith("."), text
    assert error["code"] not in text and "Traceback" not in text, text
    return Refusal(error["code"], text, error.get("field"))
