"""The ``todo-tasks`` FastMCP server and its ASGI app (streamable HTTP at ``/mcp``, stateless)."""

from __future__ import annotations

from fastmcp import FastMCP
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.middleware import Middleware as AsgiMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mcp_server.auth import TodoTokenVerifier
from mcp_server.middleware import (
    BODY_TIMEOUT_SECONDS,
    BodyLimitMiddleware,
    ToolCallMiddleware,
    UnavailableMiddleware,
)
from mcp_server.tools import TOOLS
from todo_reflex.core.settings import Settings, get_settings

INSTRUCTIONS = """Manage the authenticated user's to-do list.
Dates are ISO 8601 in the user's time zone ('2026-11-27' or '2026-11-27T17:00').
Find a task's number with list_tasks before changing it. Errors start with a stable code:
INVALID_INPUT, TASK_NOT_FOUND, UNAUTHORIZED, RATE_LIMITED, CONFLICT, UNAVAILABLE (a
dependency is down; retry shortly) or INTERNAL."""


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


def create_app(  # noqa: ANN201 - Starlette app with lifespan
    settings: Settings | None = None, body_timeout_seconds: float = BODY_TIMEOUT_SECONDS
):
    """The ASGI app: stateless streamable HTTP at ``/mcp`` with Host/Origin checks.

    Args:
        settings: Settings; the process-wide ones by default.
        body_timeout_seconds: Time a client has to send its whole request body (else 408).
    """
    settings = settings or get_settings()
    app = build_server(settings).http_app(
        path="/mcp",
        stateless_http=True,
        json_response=True,
        host_origin_protection=True,
        allowed_hosts=settings.allowed_hosts,
        allowed_origins=settings.cors_origin_list,
        middleware=[AsgiMiddleware(BodyLimitMiddleware, timeout_seconds=body_timeout_seconds)],
    )
    app.add_middleware(UnavailableMiddleware)  # outermost: also sees the bearer auth
    return app
