"""A deadline on request bodies, for both servers (the MCP server and the Reflex backend).

A body still arriving ``seconds`` after its request began is cut off: the client gets the
server's own 408 answer, and the app sees the client disconnect. Sizes are limited elsewhere
(the MCP SDK's ``RequestBodyLimitMiddleware``).
"""

from __future__ import annotations

import anyio
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyDeadline:
    """ASGI middleware: answer ``too_slow`` (HTTP 408) when the body is late."""

    def __init__(self, app: ASGIApp, *, seconds: float, too_slow: Response) -> None:
        self.app = app
        self.seconds = seconds
        self.too_slow = too_slow

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a ``receive`` that gives up at the deadline."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = anyio.current_time() + self.seconds
        body_done = responded = timed_out = False

        async def send_unless_cut_off(message: Message) -> None:
            nonlocal responded
            if timed_out:
                return  # our 408 went out instead
            responded = responded or message["type"] == "http.response.start"
            await send(message)

        async def receive_before_deadline() -> Message:
            nonlocal body_done, timed_out
            if body_done or responded:
                return await receive()
            with anyio.move_on_after(deadline - anyio.current_time()):
                message = await receive()
                body_done = message["type"] != "http.request" or not message.get("more_body")
                return message
            await self.too_slow(scope, _disconnected, send_unless_cut_off)
            timed_out = True
            return {"type": "http.disconnect"}

        try:
            await self.app(scope, receive_before_deadline, send_unless_cut_off)
        except Exception:
            if not timed_out:  # after a 408 the app's complaint about the disconnect is noise
                raise


async def _disconnected() -> Message:
    return {"type": "http.disconnect"}
