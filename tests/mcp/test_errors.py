"""Error codes tell the truth: bad numbers, unknown tools, bugs and a store that is down.

A refused call's text is a sentence for people; its code (and the field at fault) travel in
the error result's structured content: ``{"error": {"code", "message", "field"}}``.

In memory where HTTP plays no part; over HTTP for the token check (503) and a dropped database.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import httpx
import pytest
import redis
import sqlalchemy as sa
from fastmcp import Client, FastMCP
from fastmcp.exceptions import ToolError
from fastmcp.server.auth import AccessToken
from fastmcp.tools import Tool
from mcp.server.auth.middleware.auth_context import auth_context_var
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from prometheus_client import REGISTRY, generate_latest

from mcp_server.server import build_server, create_app
from tests.mcp.test_security import raw_post
from tests.support.mcp import mcp_stack, refused, serving
from tests.support.services import postgres_admin_url_or_fail
from todo_reflex.core import api_tokens, tokens
from todo_reflex.core.errors import FIELD_NAMES
from todo_reflex.core.settings import Settings, get_settings, use_settings

CLOSED_PORT_URL = "postgresql+psycopg://postgres@127.0.0.1:1/todo"
TASK_ID_TOOLS = [
    "get_task", "update_task", "complete_task", "uncomplete_task", "delete_task", "restore_task"
]
EVERY_TOOL_CALL = [
    ("add_task", {"title": "Buy milk"}),
    ("list_tasks", {}),
    *[(tool, {"task_id": 1}) for tool in TASK_ID_TOOLS],
]


async def call_error(client: Client, tool: str, args: dict) -> str:
    """The text of the error result a client gets for this call."""
    with pytest.raises(ToolError) as raised:
        await client.call_tool(tool, args)
    message = str(raised.value)
    assert "Error calling tool" not in message
    assert "Traceback" not in message
    return message


@pytest.fixture
def signed_in() -> Iterator[None]:
    """In-memory calls carry user 1's verified token, as the HTTP auth middleware would set."""
    token = AccessToken(token="t", client_id="user:1", scopes=[], claims={"sub": "1"})
    reset = auth_context_var.set(AuthenticatedUser(token))
    yield
    auth_context_var.reset(reset)


@pytest.mark.parametrize(
    ("tool", "args", "field"),
    [
        *[(tool, {"task_id": 2**63 + 5}, "task_id") for tool in TASK_ID_TOOLS],
        ("get_task", {"task_id": 2**31}, "task_id"),
        ("list_tasks", {"offset": 10**19}, "offset"),
        ("list_tasks", {"offset": 1_000_001}, "offset"),
        ("list_tasks", {"limit": 10**30}, "limit"),
        ("list_tasks", {"limit": 1001}, "limit"),
    ],
)
async def test_numbers_out_of_range_are_invalid_input_naming_the_field(tool, args, field):
    async with Client(build_server()) as client:
        refusal = await refused(client, tool, args)
    assert (refusal.code, refusal.field) == ("INVALID_INPUT", field)
    assert refusal.text.startswith(f"{FIELD_NAMES[field]} should be "), refusal.text


def unknown_tool_calls() -> float:
    labels = {"tool_name": "unknown", "outcome": "UNKNOWN_TOOL"}
    return REGISTRY.get_sample_value("mcp_tool_calls_total", labels) or 0.0


async def test_unknown_tool_is_the_protocols_own_error():
    before = unknown_tool_calls()
    async with Client(build_server()) as client:
        raw = await client.call_tool_mcp("no_such_tool", {})
        message = await call_error(client, "no_such_tool", {})
    assert raw.is_error
    assert message == "Unknown tool: 'no_such_tool'"
    assert unknown_tool_calls() == before + 2
    assert "no_such_tool" not in generate_latest().decode()


def failing_server(error: Exception) -> FastMCP:
    """The real server plus one tool that fails with ``error``, as a broken dependency would."""

    def broken_tool() -> str:
        """Fail."""
        raise error

    server = build_server()
    server.add_tool(Tool.from_function(broken_tool))
    return server


OPERATIONAL = sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (OPERATIONAL, "UNAVAILABLE"),
        (sa.exc.InterfaceError("SELECT 1", {}, Exception("connection closed")), "UNAVAILABLE"),
        (sa.exc.TimeoutError("QueuePool limit reached"), "UNAVAILABLE"),
        (redis.exceptions.ConnectionError("Error 111 connecting"), "UNAVAILABLE"),
        (redis.exceptions.TimeoutError("Timeout reading from socket"), "UNAVAILABLE"),
        (ConnectionRefusedError(111, "Connection refused"), "UNAVAILABLE"),
        (sa.exc.IntegrityError("INSERT", {}, Exception("duplicate key")), "INTERNAL"),
        (redis.exceptions.ResponseError("WRONGTYPE"), "INTERNAL"),
        (KeyError("oops"), "INTERNAL"),
        (ToolError("something without a code"), "INTERNAL"),
    ],
    ids=lambda value: f"{type(value).__module__}.{type(value).__name__}"
    if isinstance(value, Exception) else value,
)
async def test_failures_get_a_truthful_code(error, code):
    async with Client(failing_server(error)) as client:
        refusal = await refused(client, "broken_tool", {})
    assert refusal.code == code, refusal
    assert "connection refused" not in refusal.text.lower()  # no internals leak
    assert "try again" in refusal.text


@pytest.fixture
def store_down(monkeypatch: pytest.MonkeyPatch, signed_in: None) -> Iterator[None]:
    """The process settings point at a PostgreSQL port nobody listens on."""
    monkeypatch.setenv("DATABASE_URL", CLOSED_PORT_URL)
    monkeypatch.setenv("REDIS_URL", "")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize(("tool", "args"), EVERY_TOOL_CALL)
async def test_every_tool_says_unavailable_when_the_database_is_down(store_down, tool, args):
    async with Client(build_server()) as client:
        refusal = await refused(client, tool, args)
    assert refusal.code == "UNAVAILABLE", refusal
    assert refusal.text == "The task store can't be reached right now; please try again shortly."


@pytest.fixture(scope="module")
def token_check_down(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    """A real server whose database cannot be reached, and its settings."""
    settings = Settings(
        database_url=CLOSED_PORT_URL, redis_url="", auth_secret=secrets.token_urlsafe(48),
        data_dir=tmp_path_factory.mktemp("down"), app_env="test",
    )
    with use_settings(settings), serving(create_app(settings)) as base:
        yield base, settings


@pytest.mark.parametrize("kind", ["session jwt", "personal access token"])
def test_token_check_with_the_store_down_is_503_with_retry_after(token_check_down, kind):
    base, settings = token_check_down
    token = (
        tokens.issue_mcp_token(user_id=1, session_id="s" * 32)
        if kind == "session jwt" else "tat_" + "x" * 40
    )
    response = httpx.post(
        f"{base}/mcp", json={}, timeout=10,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"].isdigit()
    assert response.json()["error"] == "UNAVAILABLE"


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_missing_or_malformed_token_is_still_401_with_the_store_down(token_check_down, token):
    base, _ = token_check_down
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(f"{base}/mcp", json={}, headers=headers, timeout=10)
    assert response.status_code == 401


async def test_a_database_that_goes_away_gives_unavailable(tmp_path):
    admin = sa.create_engine(postgres_admin_url_or_fail(), isolation_level="AUTOCOMMIT")
    try:
        with mcp_stack("postgres+redis", tmp_path) as live:
            pat = live.run(api_tokens.create_api_token, user_id=live.ann.id, name="cli").plaintext
            async with live.client(live.ann.token) as client:
                added = await client.call_tool("add_task", {"title": "before the outage"})
            name = sa.make_url(live.settings.database_url).database
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            async with live.client(live.ann.token) as client:  # session still cached in Redis
                for tool, args in EVERY_TOOL_CALL:
                    if "task_id" in args:
                        args = {"task_id": added.structured_content["id"]}
                    refusal = await refused(client, tool, args)
                    assert refusal.code == "UNAVAILABLE", (tool, refusal)
            assert raw_post(live, pat).status_code == 503
            assert httpx.get(f"{live.base}/health").status_code == 200
    finally:
        admin.dispose()
