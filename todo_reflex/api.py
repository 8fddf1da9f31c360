"""Backend HTTP endpoints beside Reflex's websocket, and middleware for every response.

Endpoints: health, readiness, metrics. Middleware: security headers and request metrics.
"""

from __future__ import annotations

import time

import anyio
import httpx
import sqlalchemy as sa
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_reflex.core import metrics
from todo_reflex.core.cache import redis_client
from todo_reflex.core.db import get_engine
from todo_reflex.core.settings import get_settings

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Reflex evaluates call_script
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss: http://localhost:* http://127.0.0.1:*",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
])
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
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
    from mcp_server.client import mcp_url

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


async def prometheus(_: Request) -> Response:
    """Prometheus metrics of this backend process."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


api = Starlette(
    routes=[
        Route("/health", health),
        Route("/health/ready", ready),
        Route("/metrics", prometheus),
        Route("/api/health", frontend_health),
    ]
)


def security_and_metrics(app: ASGIApp) -> ASGIApp:
    """Wrap the backend: security headers on every HTTP response, and request metrics."""
    settings = get_settings()
    hsts = settings.app_env == "prod"

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] not in _OURS]
                headers.extend(SECURITY_HEADERS)
                if hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message = {**message, "headers": headers}
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


_OURS = {name for name, _ in SECURITY_HEADERS}
