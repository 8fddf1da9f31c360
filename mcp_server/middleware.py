"""Cross-cutting behaviour of the MCP server.

Per tool call: rate limit, stable error codes, metrics and a log line. Per HTTP request:
a body size limit and a request id.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import anyio
from fastmcp.exceptions import ToolError
from fastmcp.exceptions import ValidationError as ArgumentError
from fastmcp.server.middleware import Middleware, MiddlewareContext
from pydantic import ValidationError
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_reflex.core import metrics
from todo_reflex.core.errors import DomainError
from todo_reflex.core.logs import request_id_var, user_id_var
from todo_reflex.core.ratelimit import enforce_mcp_limit

logger = logging.getLogger("mcp_server.tools")
MAX_BODY_BYTES = 64 * 1024
KNOWN_CODES = {"INVALID_INPUT", "TASK_NOT_FOUND", "UNAUTHORIZED", "RATE_LIMITED", "CONFLICT"}


def _validation_message(error: ArgumentError) -> str:
    cause = error.__cause__
    if not isinstance(cause, ValidationError) or not cause.errors():
        return "INVALID_INPUT: arguments do not match the tool's schema"
    first = cause.errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ())) or "arguments"
    return f"INVALID_INPUT: {field}: {first.get('msg', 'invalid value')}"


class ToolCallMiddleware(Middleware):
    """Maps domain failures to stable MCP tool errors and records every call."""

    async def on_call_tool(self, context: MiddlewareContext, call_next: Any) -> Any:
        """Run one tool call with rate limiting, error mapping, metrics and a log line."""
        tool = context.message.name
        started = time.perf_counter()
        outcome = "ok"
        try:
            user = _token_subject()
            if user is not None:
                await anyio.to_thread.run_sync(lambda: enforce_mcp_limit(user))
            return await call_next(context)
        except DomainError as error:
            outcome = error.code
            raise ToolError(str(error)) from error
        except ArgumentError as error:
            outcome = "INVALID_INPUT"
            raise ToolError(_validation_message(error)) from error
        except ToolError as error:
            outcome = _code_of(error)
            if not str(error).startswith(f"{outcome}:"):
                raise ToolError(f"{outcome}: {error}") from error
            raise
        except Exception:
            outcome = "INTERNAL"
            logger.exception("tool failed", extra={"tool": tool})
            raise ToolError("INTERNAL: the task service failed; please try again") from None
        finally:
            elapsed = time.perf_counter() - started
            metrics.MCP_TOOL_CALLS.labels(tool_name=tool, outcome=outcome).inc()
            metrics.MCP_TOOL_DURATION.labels(tool_name=tool).observe(elapsed)
            logger.info(
                "tool call",
                extra={
                    "tool": tool, "outcome": outcome, "duration_ms": round(elapsed * 1000, 1),
                    "user_id": user_id_var.get(),
                },
            )


def _code_of(error: ToolError) -> str:
    head = str(error).split(":", 1)[0]
    return head if head in KNOWN_CODES else "INVALID_INPUT"


def _token_subject() -> int | None:
    from fastmcp.server.dependencies import get_access_token

    token = get_access_token()
    if token is None or "sub" not in token.claims:
        return None
    user_id_var.set(str(token.claims["sub"]))
    return int(token.claims["sub"])


class BodyLimitMiddleware:
    """Refuses request bodies over 64 KiB (HTTP 413) and tags each request with an id."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the size, then pass the buffered body on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode()[:64] or uuid.uuid4().hex
        request_id_var.set(request_id)
        user_id_var.set(None)
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(scope, receive, send, self.max_bytes)
            return
        body = await _read_limited(receive, self.max_bytes)
        if body is None:
            await _too_large(scope, receive, send, self.max_bytes)
            return
        await self.app(scope, _replay(body), send)


async def _read_limited(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await anyio.sleep_forever()
        return {"type": "http.disconnect"}

    return receive


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = JSONResponse(
        {"error": "request body too large", "max_bytes": limit}, status_code=413
    )
    await response(scope, receive, send)
