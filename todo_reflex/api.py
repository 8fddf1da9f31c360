"""Backend HTTP endpoints beside Reflex's websocket, and middleware for every response.

Endpoints: health, readiness, metrics, the calendar feed. Middleware: security headers (the
policy of ``core/browser_policy.py``), a deadline on request bodies, request metrics.
"""

from __future__ import annotations

import time

import anyio
import httpx
import sqlalchemy as sa
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_reflex.body_deadline import BodyDeadline
from todo_reflex.core import calendar_feed, metrics
from todo_reflex.core.browser_policy import reached_over_tls, security_headers
from todo_reflex.core.cache import redis_client
from todo_reflex.core.db import get_engine, session_scope
from todo_reflex.core.errors import dependency_down
from todo_reflex.core.settings import get_settings

BODY_TIMEOUT_SECONDS = 60.0
"""A request body must arrive in full within this time, or the answer is 408 (slow clients)."""
KNOWN_PATHS = {"/health", "/health/ready", "/metrics", "/api/health", "/ping", "/_health"}


async def health(_: Request) -> JSONResponse:
    """Liveness: the process answers; no dependency checks."""
    return JSONResponse({"status": "healthy", "service": "phaseiv-backend"})


async def frontend_health(_: Request) -> JSONResponse:
    """The frontend's health answer, for the single-port mode."""
    return JSONResponse({"status": "ok"})


def _check_database() -> None:
    with get_engine().connect() as connection:
        connection.execute(sa.text("select 1"))


def _check_redis() -> None:
    client = redis_client()
    if client is not None:
        client.ping()


def _check_mcp() -> None:
    from todo_reflex.assistant.mcp_client import mcp_url

    url = mcp_url().removesuffix("/mcp") + "/health"
    httpx.get(url, timeout=2).raise_for_status()


async def ready(_: Request) -> JSONResponse:
    """Readiness: the database, Redis (when configured) and the MCP server all answer."""
    checks = {"database": _check_database, "redis": _check_redis, "mcp": _check_mcp}
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            with anyio.fail_after(5):
                await anyio.to_thread.run_sync(check)
            results[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            results[name] = f"failed: {type(error).__name__}"
    failed = [name for name, result in results.items() if result != "ok"]
    body = {"status": "ready" if not failed else "not ready", "checks": results}
    if failed:
        body["failed"] = failed
    return JSONResponse(body, status_code=503 if failed else 200)


async def calendar(request: Request) -> Response:
    """A user's calendar feed (``/calendar/<key>.ics``); an unknown key is a plain 404."""
    key = request.path_params["key"]

    def render() -> bytes | None:
        with session_scope(read_only=True) as session:
            user = calendar_feed.feed_owner(session=session, key=key)
            return calendar_feed.render_feed(session=session, user=user) if user else None

    try:
        body = await anyio.to_thread.run_sync(render)
    except Exception as error:
        if not dependency_down(error):
            raise
        return Response("The calendar is unavailable right now; try again later.",
                        status_code=503, headers={"Retry-After": "30"})
    if body is None:
        return Response("No such calendar.", status_code=404, media_type="text/plain")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300"})


async def prometheus(_: Request) -> Response:
    """Prometheus metrics of this backend process."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


api = Starlette(
    routes=[
        Route("/health", health),
        Route("/health/ready", ready),
        Route("/metrics", prometheus),
        Route("/api/health", frontend_health),
        Route("/calendar/{key}.ics", calendar, methods=["GET", "HEAD"]),
    ]
)


def security_and_metrics(app: ASGIApp, *, body_timeout: float = BODY_TIMEOUT_SECONDS) -> ASGIApp:
    """Wrap the backend: security headers, a body deadline and metrics on every HTTP request.

    Args:
        app: The backend ASGI app (Reflex's, with our routes mounted).
        body_timeout: Seconds a request body may take to arrive in full; then the answer is
            408 and the app sees the client disconnect.

    Returns:
        The wrapped ASGI app.
    """
    dev = get_settings().app_env != "prod"
    policies = {https: _encoded(security_headers(https=https, dev=dev)) for https in (False, True)}
    replaced = {name for name, _ in policies[True]}

    too_slow = PlainTextResponse("Request body too slow", 408, headers={"Connection": "close"})
    app = BodyDeadline(app, seconds=body_timeout, too_slow=too_slow)

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        ours = policies[reached_over_tls(scope)]
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] not in replaced]
                message = {**message, "headers": [*headers, *ours]}
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        finally:
            path = scope.get("path", "")
            label = path if path in KNOWN_PATHS else "other"
            metrics.HTTP_REQUESTS.labels(scope.get("method", ""), label, str(status)).inc()
            metrics.HTTP_DURATION.labels(scope.get("method", ""), label).observe(
                time.perf_counter() - started
            )

    return wrapped


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]
