"""The tool contract as clients see it, compared with a committed snapshot (in memory, no port).

A change to any tool's name, arguments, types, limits or annotations fails here until the
snapshot is regenerated on purpose: UPDATE_SNAPSHOT=1 pytest tests/mcp/test_contract_snapshot.py
The pager test checks what list_tasks says about its total and further pages, on live stacks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastmcp import Client

from mcp_server.server import build_server

SNAPSHOT = Path(__file__).with_name("tools_snapshot.json")


async def test_tool_contract_matches_the_snapshot():
    async with Client(build_server()) as client:
        tools = await client.list_tools()
    current = {
        tool.name: {
            "description": tool.description,
            "input_schema": tool.input_schema,
            "annotations": tool.annotations.model_dump(exclude_none=True, by_alias=True),
        }
        for tool in sorted(tools, key=lambda t: t.name)
    }
    if os.environ.get("UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    assert SNAPSHOT.exists(), "no snapshot: run with UPDATE_SNAPSHOT=1 once"
    assert current == json.loads(SNAPSHOT.read_text())


async def test_list_counts_only_when_asked_and_says_whether_more_exist(stack):
    person = stack.person(f"pager-{stack.name.replace('+', '-')}@example.com")
    async with stack.client(person.token) as client:
        for i in range(3):
            await client.call_tool("add_task", {"title": f"page me {i}"})
        first = await client.call_tool("list_tasks", {"limit": 2})
        assert (first.structured_content["total"], first.structured_content["has_more"]) == (
            None, True
        )
        assert first.content[0].text.startswith("Showing 2 from offset 0; more exist.\n#")
        counted = await client.call_tool("list_tasks", {"limit": 2, "include_total": True})
        assert counted.structured_content["total"] == 3
        assert counted.content[0].text.startswith("3 task(s) matched; showing 2 from offset 0.")
        last = await client.call_tool("list_tasks", {"limit": 2, "offset": 2})
        assert (last.structured_content["total"], last.structured_content["has_more"]) == (3, False)
        past = await client.call_tool("list_tasks", {"limit": 2, "offset": 9})
        assert past.structured_content["total"] is None
        assert past.content[0].text == "Showing 0 from offset 9; no more exist."
