"""Area 5 (and the idle memory, area 6): cold start to ready, and the first call after ready.

Backend: ``reflex run --env prod --backend-only`` on an already built tree (what a backend pod
runs), from spawn to the first 200 of ``/health/ready`` (database, Redis and MCP checked); then
the first websocket event (connect + one event) and the first chat turn of a new user.
MCP server: ``python -m mcp_server`` from spawn to ready, then the first ``list_tasks``; the
MCP call bench (``bench/mcp_calls.py``) measures the same when present, this one runs
regardless, on the server the chat used.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx

from bench import stack
from bench.chat_load import MeteredSocket, memory_rows, sign_up, turn
from bench.report import row
from tests.web.reflex_socket import MARKER


async def _first_events(url: str) -> tuple[float, float]:
    started = time.perf_counter()
    async with MeteredSocket(url) as socket:
        await socket.call(MARKER, {"zone": "UTC"}, timeout=60)
        first_event = time.perf_counter() - started
        await sign_up(socket)
        first_turn = await turn(socket, 0)
    return first_event, first_turn.seconds


def measure_backend(st: stack.Stack, mcp: stack.Service, app_dir: Path) -> list[dict[str, Any]]:
    """Cold start of a backend-only process, its first event and first turn, its memory."""
    with stack.reflex_backend(st, mcp, app_dir) as backend:
        first_event, first_turn = asyncio.run(_first_events(backend.url))
        memory = backend.memory()
    return [
        row("start", "backend cold start to ready", backend.ready_seconds, "s", ("<=", 8),
            note="reflex --backend-only, spawn to /health/ready 200"),
        row("start", "backend first event after ready", first_event * 1000, "ms",
            note="websocket connect + one event"),
        row("start", "backend first chat turn after ready", first_turn * 1000, "ms",
            note="a new user's first add"),
        *memory_rows("backend", "after one user", memory),
    ]


def _first_list(st: stack.Stack, mcp: stack.Service) -> float:
    from todo_reflex.core import sessions, tokens, users
    from todo_reflex.core.db import session_scope
    from todo_reflex.core.settings import use_settings

    with use_settings(st.settings()):
        with session_scope() as db:
            user = users.register_user(session=db, email=f"first-{time.time_ns()}@example.com",
                                       password="correct horse battery")
            session = sessions.create_session(session=db, user_id=user.id)
        token = tokens.issue_mcp_token(user_id=user.id, session_id=session.id)
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "list_tasks", "arguments": {}}}
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
               "Accept": "application/json, text/event-stream"}
    with httpx.Client(timeout=30) as client:
        client.get(f"{mcp.url}/health")  # the client's own first-use costs (~40 ms) stay out
        started = time.perf_counter()
        answer = client.post(f"{mcp.url}/mcp", json=body, headers=headers)
        elapsed = time.perf_counter() - started
    answer.raise_for_status()
    if "error" in answer.json():
        raise RuntimeError(f"list_tasks failed: {answer.text[:300]}")
    return elapsed


def measure_mcp(st: stack.Stack) -> list[dict[str, Any]]:
    """Cold start of a fresh MCP server, its first ``list_tasks`` and its idle memory."""
    with stack.mcp_server(st) as mcp:
        first = _first_list(st, mcp)
        memory = mcp.memory()
    return [
        row("start", "MCP cold start to ready", mcp.ready_seconds, "s", ("<=", 1.5),
            note="spawn to /health (or /health/ready) 200"),
        row("start", "MCP first call after ready", first * 1000, "ms", ("<=", 50),
            note="list_tasks, raw JSON-RPC over HTTP"),
        *memory_rows("MCP server", "after first call", memory, 120),
    ]
