"""``python -m mcp_server``: serve the task tools on ``MCP_HOST``:``MCP_PORT`` (0.0.0.0:8001)."""

from __future__ import annotations

import uvicorn

from mcp_server.server import create_app
from todo_reflex.core.logs import configure_logging
from todo_reflex.core.settings import get_settings


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
