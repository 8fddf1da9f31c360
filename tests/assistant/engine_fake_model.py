"""A stand-in for the OpenAI service, which cannot exist in these tests: a tiny
OpenAI-compatible HTTP server (``POST /v1/chat/completions`` with streaming SSE chunks) that
plays a script of tool calls and texts, and records every request it gets.

A script is a list of steps; the step played is the number of assistant tool-call messages
after the last user message in the request, so one turn walks through the steps in order.
A step is a text (the final answer), a list of ``(tool, args)`` calls, or an ``int`` HTTP error
status to return instead.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from todo_reflex.processes import free_port

Step = str | list[tuple[str, dict[str, Any]]] | int


@dataclass
class FakeModel:
    """The scripted model server's state, shared with the test."""

    script: list[Step] = field(default_factory=list)
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""

    def play(self, *steps: Step, delay: float = 0.0) -> None:
        """Start a new script (and forget earlier requests)."""
        self.script, self.delay = list(steps), delay
        self.requests.clear()

    def step_for(self, messages: list[dict[str, Any]]) -> Step:
        last_user = max(i for i, m in enumerate(messages) if m.get("role") == "user")
        index = sum(1 for m in messages[last_user:]
                    if m.get("role") == "assistant" and m.get("tool_calls"))
        return self.script[min(index, len(self.script) - 1)]


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    body = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": "scripted", "choices": [{"index": 0, "delta": delta,
                                               "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n"


def _sse(step: Step, turn: int) -> Iterator[str]:
    yield _chunk({"role": "assistant", "content": ""})
    if isinstance(step, str):
        for word in step.split(" "):
            yield _chunk({"content": word + " "})
        yield _chunk({}, "stop")
    else:
        calls = [{"index": i, "id": f"call_{turn}_{i}", "type": "function",
                  "function": {"name": tool, "arguments": json.dumps(args)}}
                 for i, (tool, args) in enumerate(step)]
        yield _chunk({"tool_calls": calls})
        yield _chunk({}, "tool_calls")
    yield "data: [DONE]\n\n"


def build_app(model: FakeModel) -> Starlette:
    async def completions(request: Request) -> Response:
        body = await request.json()
        model.requests.append(body)
        waited = 0.0
        while waited < model.delay and not await request.is_disconnected():
            await asyncio.sleep(0.05)
            waited += 0.05
        step = model.step_for(body["messages"])
        if isinstance(step, int):
            return JSONResponse({"error": {"message": "scripted failure", "type": "fake"}},
                                status_code=step)
        return StreamingResponse(_sse(step, len(model.requests)), media_type="text/event-stream")

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


def serve(model: FakeModel) -> Iterator[FakeModel]:
    """Run the fake model server on a free port in a thread for as long as the generator lives."""
    port = free_port()
    config = uvicorn.Config(build_app(model), host="127.0.0.1", port=port, log_config=None,
                            access_log=False, lifespan="off", ws="none",
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fake-model", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("fake model server did not start")
        time.sleep(0.02)
    model.base_url = f"http://127.0.0.1:{port}/v1"
    try:
        yield model
    finally:
        server.should_exit = True
        thread.join(timeout=10)
