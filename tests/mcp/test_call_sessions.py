"""One MCP tool call is one database session: token check, user and tool together (issue 26).

The server runs in this process (uvicorn in a thread, the app ``python -m mcp_server``
serves), so its sessions are counted on this process's engine. On PostgreSQL with Redis the
first call checks the token in full and the next ones come from the token cache; on SQLite
without Redis every call checks it in full. Either way: one session.
"""

from __future__ import annotations

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
