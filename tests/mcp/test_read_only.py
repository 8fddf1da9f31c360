"""Read-only tools run in a read-only session: the middleware tells them, from their annotations."""

from __future__ import annotations

from fastmcp import Client, FastMCP

from mcp_server.middleware import ToolCallMiddleware, read_only_call
from mcp_server.server import build_server


def test_the_read_only_tools_are_the_ones_annotated_so():
    server = build_server()
    (calls,) = [m for m in server.middleware if isinstance(m, ToolCallMiddleware)]
    assert calls.read_only_tools == {"list_tasks", "get_task"}


async def test_a_tool_learns_whether_its_call_only_reads():
    server = FastMCP("probe", middleware=[ToolCallMiddleware(read_only_tools={"peek"})])

    @server.tool
    def peek() -> bool:
        """Say whether this call was marked read-only."""
        return read_only_call.get()

    @server.tool
    def poke() -> bool:
        """Say whether this call was marked read-only."""
        return read_only_call.get()

    async with Client(server) as client:
        assert (await client.call_tool("peek", {})).data is True
        assert (await client.call_tool("poke", {})).data is False
        assert (await client.call_tool("peek", {})).data is True
    assert read_only_call.get() is False
