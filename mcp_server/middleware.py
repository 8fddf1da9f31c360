"""Cross-cutting behaviour of the MCP server.

Per tool call: rate limit, stable error codes, metrics and a log line. Per HTTP request:
a request id, a body deadline (shared with the backend) and the MCP SDK's size limit, and
HTTP 503 when a token cannot be checked.

The rate limit of a call is counted in the worker thread that runs the tool
(:func:`charge_rate_limit`, first thing in the tool), so a call costs one thread hop, not
two; a call that never reaches its tool (unknown tool, invalid arguments) is counted after.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import anyio
from fastmcp.exceptions import NotFoundError, ToolError
from fastmcp.exceptions import ValidationError as ArgumentError
from fastmcp.server.http import HostOriginGuardMiddleware
from fastmcp.server.middleware import Middleware, MiddlewareContext
from fastmcp.tools import ToolResult
from mcp.server.transport_security import RequestBodyLimitMiddleware
from pydantic import ValidationError
from starlette.middleware import Middleware as AsgiMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_reflex.body_deadline import BodyDeadline
from todo_reflex.core import metrics
from todo_reflex.core.errors import (
    DomainError,
    RateLimited,
    Unavailable,
    dependency_down,
    invalid_sentence,
)
from todo_reflex.core.logs import request_id_var, user_id_var
from todo_reflex.core.ratelimit import enforce_mcp_limit

logger = logging.getLogger("mcp_server.tools")
MAX_BODY_BYTES = 64 * 1024
BODY_TIMEOUT_SECONDS = 10.0
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_MESSAGE = "The task store can't be reached right now; please try again shortly."
INTERNAL_MESSAGE = "The task service failed; please try again."
PROBE_PATHS = frozenset({"/health", "/health/ready", "/metrics"})

read_only_call: ContextVar[bool] = ContextVar("read_only_call", default=False)
"""Whether the tool being called only reads (``readOnlyHint``): its session need not commit."""


warm_up_call: ContextVar[bool] = ContextVar("warm_up_call", default=False)
"""Set by the start-up warm-up: its tool calls are neither counted, logged nor measured."""


@dataclass
class _Charge:
    """The rate-limit count one tool call owes, and whether it was counted yet."""

    user_id: int | None
    counted: bool = False


_charge: ContextVar[_Charge | None] = ContextVar("mcp_rate_limit_charge", default=None)


def charge_rate_limit() -> None:
    """Count the current tool call against its user's limit, once (blocking: Redis).

    Raises:
        RateLimited: The user is over the limit.
    """
    charge = _charge.get()
    if charge is None or charge.counted:
        return
    charge.counted = True
    if charge.user_id is not None:
        enforce_mcp_limit(charge.user_id)


@dataclass(frozen=True)
class Failure:
    """A refused tool call: its stable code, a sentence for people, the argument at fault."""

    code: str
    message: str
    field: str | None = None

    def result(self) -> ToolResult:
        """The MCP error result: the sentence as text, the code in the structured part."""
        error = {"code": self.code, "message": self.message, "field": self.field}
        return ToolResult(content=self.message, structured_content={"error": error},
                          is_error=True)


def _validation_failure(error: ArgumentError) -> Failure:
    cause = error.__cause__
    if not isinstance(cause, ValidationError) or not cause.errors():
        return Failure("INVALID_INPUT", "The arguments do not match the tool's schema.")
    first = cause.errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ())) or "arguments"
    reason = str(first.get("msg", "is not valid"))
    subject, _, rest = reason.partition(" ")
    if rest.startswith("should "):  # "Input should be …", "String should have …"
        reason = rest
    elif first.get("type") in ("missing", "missing_argument"):
        reason = "is required"
    return Failure("INVALID_INPUT", invalid_sentence(field, reason), field)


def coded_failure(error: BaseException) -> Failure:
    """The stable code and the person's sentence for a failed tool call."""
    if isinstance(error, ArgumentError):  # the arguments failed the tool's schema
        return _validation_failure(error)
    if isinstance(error, DomainError):
        return Failure(error.code, error.sentence(), getattr(error, "field", None))
    if isinstance(error, ToolError):
        if error.__cause__ is not None:  # a tool's DomainError, or an unexpected failure
            return coded_failure(error.__cause__)
        return Failure("INTERNAL", INTERNAL_MESSAGE)
    if dependency_down(error):
        return Failure("UNAVAILABLE", UNAVAILABLE_MESSAGE)
    return Failure("INTERNAL", INTERNAL_MESSAGE)


class ToolCallMiddleware(Middleware):
    """Maps failures to stable MCP tool errors and records every call.

    Args:
        read_only_tools: Names of the tools that only read; :data:`read_only_call` tells
            their code so.
    """

    def __init__(self, read_only_tools: Iterable[str] = ()) -> None:
        self.read_only_tools = frozenset(read_only_tools)

    async def on_call_tool(self, context: MiddlewareContext, call_next: Any) -> Any:
        """Run one tool call with rate limiting, error mapping, metrics and a log line."""
        tool = context.message.name
        started = time.perf_counter()
        outcome = "ok"
        read_only = read_only_call.set(tool in self.read_only_tools)
        charge = _Charge(_token_subject())
        charging = _charge.set(charge)
        try:
            return await call_next(context)  # the tool calls charge_rate_limit() first
        except NotFoundError:
            outcome = "UNKNOWN_TOOL"  # the protocol's own error, not a tool failure
            tool = "unknown"  # a caller's made-up name must not become a metric label
            limited = await _charge_late(charge)
            if limited is None:
                raise
            outcome = limited.code
            return limited.result()
        except Exception as error:
            failure = await _charge_late(charge) or coded_failure(error)
            outcome = failure.code
            if outcome == "INTERNAL":
                logger.error("tool failed", exc_info=error, extra={"tool": tool})
            elif outcome == "UNAVAILABLE":
                logger.warning("tool failed: %s", _root(error), extra={"tool": tool})
            return failure.result()
        finally:
            _charge.reset(charging)
            read_only_call.reset(read_only)
            if not warm_up_call.get():
                _record(tool, outcome, time.perf_counter() - started)


def _record(tool: str, outcome: str, elapsed: float) -> None:
    """The metrics and the log line of one tool call."""
    metrics.MCP_TOOL_CALLS.labels(tool_name=tool, outcome=outcome).inc()
    metrics.MCP_TOOL_DURATION.labels(tool_name=tool).observe(elapsed)
    logger.info(
        "tool call",
        extra={
            "tool": tool, "outcome": outcome, "duration_ms": round(elapsed * 1000, 1),
            "user_id": user_id_var.get(),
        },
    )


async def _charge_late(charge: _Charge) -> Failure | None:
    """Count a call that failed before its tool ran; its failure when over the limit."""
    if charge.counted:
        return None
    charge.counted = True
    if charge.user_id is None:
        return None
    user_id = charge.user_id
    try:
        await anyio.to_thread.run_sync(lambda: enforce_mcp_limit(user_id))
    except RateLimited as limited:
        return coded_failure(limited)
    return None


def _root(error: BaseException) -> str:
    while error.__cause__ is not None:
        error = error.__cause__
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"


def _token_subject() -> int | None:
    from fastmcp.server.dependencies import get_access_token

    token = get_access_token()
    if token is None or "sub" not in token.claims:
        return None
    user_id_var.set(str(token.claims["sub"]))
    return int(token.claims["sub"])


class RequestTags:
    """Tags each HTTP request with its id (``X-Request-ID`` or a new one) for the logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the request id and clear the user before the request runs."""
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            request_id_var.set(headers.get(b"x-request-id", b"").decode()[:64] or uuid.uuid4().hex)
            user_id_var.set(None)
        await self.app(scope, receive, send)


def body_limits(*, timeout_seconds: float = BODY_TIMEOUT_SECONDS) -> list[AsgiMiddleware]:
    """The HTTP request middleware, outermost first: tags, body deadline, size limit.

    The deadline answers 408; the size limit is the MCP SDK's own (413).
    """
    too_slow = JSONResponse(
        {"error": "request body too slow", "timeout_seconds": timeout_seconds},
        status_code=408, headers={"Connection": "close"})
    return [AsgiMiddleware(RequestTags),
            AsgiMiddleware(BodyDeadline, seconds=timeout_seconds, too_slow=too_slow),
            AsgiMiddleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY_BYTES)]


class ProbeExemptHostGuard:
    """FastMCP's Host/Origin check (DNS-rebinding protection) for all but the probe paths.

    The kubelet probes ``/health``, ``/health/ready`` and ``/metrics`` with the pod IP as
    Host, which no allow-list can name in advance; those answers hold nothing a rebinding
    page could use. ``/mcp`` and every other path stay checked.
    """

    def __init__(
        self, app: ASGIApp, allowed_hosts: Sequence[str], allowed_origins: Sequence[str]
    ) -> None:
        self.app = app
        self.guard = HostOriginGuardMiddleware(
            app, allowed_hosts=allowed_hosts, allowed_origins=allowed_origins, mode="strict"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send probes straight on; everything else through the guard."""
        if scope["type"] == "http" and scope.get("path") in PROBE_PATHS:
            await self.app(scope, receive, send)
        else:
            await self.guard(scope, receive, send)


class UnavailableMiddleware:
    """Answers HTTP 503 with Retry-After when a bearer token cannot be checked (store down)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; an ``Unavailable`` before the response starts becomes 503."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Unavailable as error:
            if started:
                raise
            logger.warning("request refused: %s", _root(error))
            await _refuse(
                scope, send, 503, {"error": "UNAVAILABLE", "message": error.message},
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )


async def _refuse(
    scope: Scope, send: Send, status: int, body: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    """A JSON error response that also closes the connection (the body may be unread)."""
    headers = {"Connection": "close", **(headers or {})}
    await JSONResponse(body, status_code=status, headers=headers)(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
