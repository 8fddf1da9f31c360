"""One MCP tool call that returns its structured content as plain JSON.

``fastmcp.Client.call_tool`` lists the server's tools on the first call of every session, to
type-check results against their output schemas: one more HTTP request, and a schema-to-type
build, in every chat turn. The offline engine reads results as plain dicts, so it sends
``tools/call`` through ``call_tool_mcp`` and reads the protocol result itself.
"""

from __future__ import annotations

from typing import Any

from fastmcp import Client
from fastmcp.exceptions import ToolError
from mcp.types import TextContent


async def call_tool(client: Client, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    """Call ``tool`` and return its structured content.

    Raises:
        ToolError: The tool refused (the text carries the server's error code).
    """
    result = await client.call_tool_mcp(tool, args)
    if result.is_error:
        text = next((c.text for c in result.content if isinstance(c, TextContent)),
                    f"Tool '{tool}' returned an error")
        code = ((result.structured_content or {}).get("error") or {}).get("code")
        raise ToolError(f"{code}: {text}" if code else text)
    return dict(result.structured_content or {})
