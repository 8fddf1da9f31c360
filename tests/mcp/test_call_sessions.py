"""One MCP tool call is one database session: token check, user and tool together (issue 26).

The server runs in this process (uvicorn in a thread, the app ``python -m mcp_server``
serves), so its sessions are counted on this process's engine. On PostgreSQL with Redis the
first call checks the token in full and the next ones come from the token cache; on SQLite
without Redis every call checks it in full. Either way: one session.
"""

from __future__ import annotations

import asyncio

import httpx
import sqlalchemy as sa

from mcp_server.server import create_app
from tests.support.mcp import McpStack, serving
from tests.support.turns import counting_sessions
from todo_reflex.core import api_tokens
from todo_reflex.core.settings import use_settings

HEADERS = {"Accept": "application/json, text/event-stream"}


def _call(base: str, token: str, tool: str, arguments: dict) -> dict:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": tool, "arguments": arguments}}
    response = httpx.post(f"{base}/mcp", json=body, timeout=10,
                          headers={**HEADERS, "Authorization": f"Bearer {token}"})
    response.raise_for_status()
    result = response.json()["result"]
    assert not result.get("isError"), result
    return result["structuredContent"]


def test_each_tool_call_is_one_session(stack: McpStack) -> None:
    person = stack.person(f"one-session-{stack.name.replace('+', '-')}@example.com")
    created = stack.run(api_tokens.create_api_token, user_id=person.id, name="cli")
    personal = created.plaintext
    calls = [
        (person.token, "add_task", {"title": "Buy milk", "reminders": []}),
        (person.token, "list_tasks", {"status": "pending"}),  # the token check is cached now
        (person.token, "get_task", {"task_id": 1}),
        (person.token, "complete_task", {"task_id": 1}),
        (personal, "list_tasks", {"status": "all"}),  # a personal token, checked in full
        (personal, "update_task", {"task_id": 1, "title": "Buy oat milk"}),
    ]
    with use_settings(stack.settings), serving(create_app(stack.settings)) as base:
        for token, tool, arguments in calls:
            with counting_sessions(stack.engine) as taken:
                _call(base, token, tool, arguments)
            assert len(taken) == 1, (tool, len(taken))
        with stack.engine.connect() as connection:  # the check's last-use write was committed
            used = connection.execute(sa.select(api_tokens.ApiToken.last_used_at).where(
                api_tokens.ApiToken.id == created.token.id)).scalar_one()
        assert used is not None
        with counting_sessions(stack.engine) as taken:  # a refused token: no tool, no session
            refused = httpx.post(f"{base}/mcp", json={"jsonrpc": "2.0", "id": 1,
                                                      "method": "tools/list"},
                                 headers={**HEADERS, "Authorization": "Bearer nonsense"})
        assert refused.status_code == 401
        assert taken == []


async def test_a_burst_of_unchecked_tokens_cannot_starve_the_pool(stack: McpStack) -> None:
    """More calls with new tokens at once than the pool and the thread limiter hold together.

    Each request's session waits with its connection for a thread to run the tool; only
    ``HELD_MAX`` may, so threads blocked on the pool always get a connection back. (Without
    the bound, 30 waiting connections and 40 threads blocked on the pool stall every call
    until the pool's 30 s timeout: this test failed so.)
    """
    person = stack.person(f"burst-{stack.name.replace('+', '-')}@example.com")
    fresh = [stack.login(person.id, person.email).token for _ in range(80)]
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "list_tasks", "arguments": {"status": "pending"}}}
    # the limit is not what is tested (and xdist workers share Redis, so user ids collide)
    unlimited = stack.settings.model_copy(update={"mcp_rate_limit_per_minute": 1_000_000})
    with use_settings(unlimited) as settings, serving(create_app(settings)) as base:
        async with httpx.AsyncClient(timeout=25) as client:
            answers = await asyncio.wait_for(asyncio.gather(*(
                client.post(f"{base}/mcp", json=body,
                            headers={**HEADERS, "Authorization": f"Bearer {token}"})
                for token in fresh)), 60)
    assert [a.status_code for a in answers] == [200] * len(fresh)
    refused = [a.json()["result"]["content"][0]["text"] for a in answers
               if a.json()["result"].get("isError")]
    assert refused == []
