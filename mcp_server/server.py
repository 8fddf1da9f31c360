"""The ``todo-tasks`` FastMCP server and its ASGI app (streamable HTTP at ``/mcp``, stateless)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastmcp import FastMCP
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mcp_server.auth import TodoTokenVerifier
from mcp_server.middleware import (
    BODY_TIMEOUT_SECONDS,
    ProbeExemptHostGuard,
    ToolCallMiddleware,
    UnavailableMiddleware,
    body_limits,
)
from mcp_server.readiness import database_problem, warm_protocol, warm_up_async
from mcp_server.tools import TOOLS
from todo_reflex.core.settings import Settings, get_settings

INSTRUCTIONS = """Manage the authenticated user's to-do list.
Dates are ISO 8601 in the user's time zone ('2026-11-27' or '2026-11-27T17:00').
Each user's tasks are numbered 1, 2, 3…; find a task's number with list_tasks before changing
it. restore_task undoes delete_task with the same number. A refused call says why in a
sentence; its structured content holds error.code: INVALID_INPUT (error.field names the
argument), TASK_NOT_FOUND, UNAUTHORIZED, RATE_LIMITED, CONFLICT, UNAVAILABLE (a dependency is
down; retry shortly) or INTERNAL. Titles over 200 characters are cut; 'notices' say so."""
SERVICE = "mcp-server"


def build_server(settings: Settings | None = None) -> FastMCP:
    """The FastMCP server with every task tool, bearer auth and the tool-call middleware."""
    settings = settings or get_settings()
    calls = ToolCallMiddleware()
    server = FastMCP(
        "todo-tasks",
        instructions=INSTRUCTIONS,
        auth=TodoTokenVerifier(settings),
        middleware=[calls],
        mask_error_details=True,
        strict_input_validation=True,
        dereference_schemas=False,  # no tool schema has a $ref: one middleware less per request
    )
    added = [server.add_tool(tool) for tool in TOOLS]
    calls.read_only_tools = frozenset(
        t.name for t in added if t.annotations is not None and t.annotations.read_only_hint
    )

    @server.custom_route("/health", methods=["GET"])
    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "healthy", "service": SERVICE})

    @server.custom_route("/health/ready", methods=["GET"])
    async def ready(request: Request) -> JSONResponse:
        """200 once warmed up and while the database answers; else 503 with the reason."""
        if not getattr(request.app.state, "warmed_up", True):
            problem: str | None = "warming up"
        else:
            problem = await database_problem(settings)
        if problem is not None:
            body = {"status": "unavailable", "service": SERVICE, "reason": problem}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ready", "service": SERVICE})

    @server.custom_route("/metrics", methods=["GET"])
    async def metrics(_: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return server


def create_app(  # noqa: ANN201 - Starlette app with lifespan
    settings: Settings | None = None, body_timeout_seconds: float = BODY_TIMEOUT_SECONDS
):
    """The ASGI app: stateless streamable HTTP at ``/mcp`` with Host/Origin checks.

    The app warms up (:func:`~mcp_server.readiness.warm_up`) before it starts listening, so
    the first call after ``/health`` answers is as fast as the next ones. ``/health``,
    ``/health/ready`` and ``/metrics`` skip the Host/Origin check (probes send the pod IP).

    Args:
        settings: Settings; the process-wide ones by default.
        body_timeout_seconds: Time a client has to send its whole request body (else 408).
    """
    settings = settings or get_settings()
    server = build_server(settings)
    app = server.http_app(
        path="/mcp",
        stateless_http=True,
        json_response=True,
        host_origin_protection=False,  # ProbeExemptHostGuard below, outermost
        middleware=body_limits(timeout_seconds=body_timeout_seconds),
    )
    app.add_middleware(UnavailableMiddleware)  # also sees the bearer auth
    app.add_middleware(
        ProbeExemptHostGuard,
        allowed_hosts=settings.allowed_hosts,
        allowed_origins=settings.cors_origin_list,
    )
    app.state.warmed_up = False
    serve = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: Any) -> AsyncIterator[Any]:
        await warm_up_async(settings)
        async with serve(running) as state:
            await warm_protocol(app)
            app.state.warmed_up = True
            yield state

    app.router.lifespan_context = lifespan
    return app
