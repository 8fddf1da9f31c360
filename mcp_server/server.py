"""The ``todo-tasks`` FastMCP server and its ASGI app (streamable HTTP at ``/mcp``, stateless)."""

from __future__ import annotations

from fastmcp import FastMCP
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.middleware import Middleware as AsgiMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mcp_server.auth import TodoTokenVerifier
from mcp_server.middleware import BodyLimitMiddleware, ToolCallMiddleware
from mcp_server.tools import TOOLS
from todo_reflex.core.settings import Settings, get_settings

INSTRUCTIONS = """Manage the authenticated user's to-do list.
Dates are ISO 8601 in the user's time zone ('2026-11-27' or '2026-11-27T17:00').
Find a task's number with list_tasks before changing it. Errors start with a stable code:
INVALID_INPUT, TASK_NOT_FOUND, UNAUTHORIZED or RATE_LIMITED."""


def build_server(settings: Settings | None = None) -> FastMCP:
    """The FastMCP server with every task tool, bearer auth and the tool-call middleware."""
    settings = settings or get_settings()
    server = FastMCP(
        "todo-tasks",
        instructions=INSTRUCTIONS,
        auth=TodoTokenVerifier(settings),
        middleware=[ToolCallMiddleware()],
        mask_error_details=True,
        strict_input_validation=True,
    )
    for tool in TOOLS:
        server.add_tool(tool)

    @server.custom_route("/health", methods=["GET"])
    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "healthy", "service": "mcp-server"})

    @server.custom_route("/metrics", methods=["GET"])
    async def metrics(_: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return server


def create_app(settings: Settings | None = None):  # noqa: ANN201 - Starlette app with lifespan
    """The ASGI app: stateless streamable HTTP at ``/mcp`` with Host/Origin checks."""
    settings = settings or get_settings()
    return build_server(settings).http_app(
        path="/mcp",
        stateless_http=True,
        json_response=True,
        host_origin_protection=True,
        allowed_hosts=settings.allowed_hosts,
        allowed_origins=settings.cors_origin_list,
        middleware=[AsgiMiddleware(BodyLimitMiddleware)],
    )
