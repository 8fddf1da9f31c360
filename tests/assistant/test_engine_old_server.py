"""The offline engine against an MCP server from before ``include_total``, ``has_more`` and
``sort``.

A rolling upgrade can pair a new web pod with an old MCP pod. The stand-in below is a real
FastMCP server over HTTP whose ``list_tasks`` has the old signature and always counts
``total``; it is not our server, only its old contract.
"""

from __future__ import annotations

from typing import Any

from fastmcp import FastMCP
from fastmcp.tools import ToolResult

from tests.support.mcp import serving
from todo_reflex.assistant.engines import OfflineEngine, TurnInput
from todo_reflex.core.settings import Settings

TASKS = [{"id": i, "title": f"errand {i}", "description": "", "completed": False,
          "priority": "none", "due": None, "repeat": None, "tags": []} for i in range(1, 61)]


def old_server() -> Any:
    server = FastMCP("old-tasks")

    @server.tool
    def list_tasks(status: str = "all", due: str = "any", priority: str | None = None,
                   tag: str | None = None, query: str | None = None, limit: int = 50,
                   offset: int = 0) -> ToolResult:
        """The old contract: no include_total, no has_more, total always counted."""
        page = TASKS[offset: offset + limit]
        return ToolResult(content=f"{len(TASKS)} task(s) matched",
                          structured_content={"tasks": page, "total": len(TASKS),
                                              "limit": limit, "offset": offset})

    return server.http_app(path="/mcp", stateless_http=True, json_response=True)


async def test_a_listing_still_works_and_counts_against_an_old_server():
    with serving(old_server()) as base:
        engine = OfflineEngine(Settings(mcp_server_url=f"{base}/mcp"))
        turn = TurnInput(user_id=1, timezone="UTC", mcp_token="unused", message="show my tasks")
        outcome = await engine.run(turn)
    [event] = outcome.events
    assert event.ok
    assert event.args == {"status": "pending", "sort": "due"}
    assert event.summary == "Listed 50 of 60 tasks"
    assert outcome.reply.startswith("Showing 50 of 60 open tasks:")
