"""``python -m mcp_server``: serve the task tools on ``MCP_HOST``:``MCP_PORT`` (0.0.0.0:8001)."""

from __future__ import annotations

import os

# Per-request work this deployment has no use for (either can be turned back on from the
# environment): FastMCP keeps session state in py-key-value, which type-checks each call of
# its own functions with beartype (0.1 s of start-up, CPU on every request, nothing of ours
# checked); FastMCP's OpenTelemetry spans, for which nothing here configures an exporter.
os.environ.setdefault("PY_KEY_VALUE_DISABLE_BEARTYPE", "true")
os.environ.setdefault("FASTMCP_TELEMETRY_MODE", "off")

import uvicorn  # noqa: E402 - after the setting above

from mcp_server.server import create_app  # noqa: E402
from todo_reflex.core.logs import configure_logging  # noqa: E402
from todo_reflex.core.settings import get_settings  # noqa: E402


def main() -> None:
    """Configure logging and run the server with uvicorn."""
    settings = get_settings()
    configure_logging("todo-mcp", settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.mcp_host,
        port=settings.mcp_port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
