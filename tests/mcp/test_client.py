"""The app's client helper: network mode (MCP_SERVER_URL) and the in-process loopback server."""

from __future__ import annotations

import httpx
import pytest

from todo_reflex.assistant import mcp_client
from todo_reflex.core.settings import Settings, get_settings


async def test_network_client_sends_the_users_token(stack):
    settings = Settings(mcp_server_url=stack.url)
    async with mcp_client.task_client(stack.bob.token, settings) as client:
        added = await client.call_tool("add_task", {"title": "via helper"})
        assert added.structured_content["title"] == "via helper"
        await client.call_tool("delete_task", {"task_id": added.structured_content["id"]})


@pytest.fixture
def embedded_env(stack, monkeypatch):
    """Process settings pointing at the SQLite stack's database, without MCP_SERVER_URL."""
    if stack.name != "sqlite":
        pytest.skip("the embedded mode is the SQLite default")
    monkeypatch.setenv("DATABASE_URL", stack.settings.database_url)
    monkeypatch.setenv("AUTH_SECRET", stack.settings.secret_key)
    monkeypatch.setenv("DATA_DIR", str(stack.settings.data_dir))
    monkeypatch.delenv("MCP_SERVER_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def test_in_process_server_checks_the_token_too(stack, embedded_env):
    url = mcp_client.mcp_url()
    assert url.startswith("http://127.0.0.1:")
    assert url != stack.url
    async with mcp_client.task_client(stack.ann.token) as client:
        added = await client.call_tool("add_task", {"title": "embedded"})
        assert added.structured_content["title"] == "embedded"
        await client.call_tool("delete_task", {"task_id": added.structured_content["id"]})
    refused = httpx.post(url, json={}, headers={"Authorization": "Bearer forged"})
    assert refused.status_code == 401


def test_every_client_shares_one_tls_context():
    """A new TLS context reads the CA bundle again: one per process, not one per turn."""
    settings = Settings(mcp_server_url="http://127.0.0.1:1/mcp")
    first = mcp_client.task_client("a", settings).transport
    second = mcp_client.task_client("b", settings).transport
    assert first.verify is second.verify is not None
