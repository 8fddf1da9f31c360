"""The tool contract as clients see it, compared with a committed snapshot (in memory, no port).

A change to any tool's name, arguments, types, limits or annotations fails here until the
snapshot is regenerated on purpose: UPDATE_SNAPSHOT=1 pytest tests/mcp/test_contract_snapshot.py
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
