"""Database sessions per MCP tool call and per chat turn, and plans per chat message (issue 26).

Counted, not timed: pool checkouts on this process's engine (every session of the app takes
one connection), so the counted code runs in this process against the bench's scratch
database. The MCP figures come from the server's app served here in a thread (one token
checked in full, then from the token cache); the chat figures from turns through the web
app's real state code (``tests/support/turns.py``) against the bench's MCP server, which runs
in its own process, so its sessions are not among them. The planner is counted by a wrapper
that calls it through.

``measure()`` is called by ``bench/mcp_calls.py`` while its server runs.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.support.mcp import serving
from tests.support.turns import chat_turn, counting_sessions, open_chat, signed_in_browser
from todo_reflex.core import sessions, tokens, users
from todo_reflex.core.db import get_engine, session_scope
from todo_reflex.core.settings import Settings, use_settings

MESSAGES = (
    "add bench errand tomorrow",  # the first message: a new conversation
    "list my open tasks",
    "complete bench errand",  # a title to look up first
    "add another bench errand friday at 5pm",
    "undo",
)
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def _person(email: str) -> tuple[int, str]:
    """A new user with a session, and an MCP token of that session."""
    with session_scope() as db:
        user = users.register_user(session=db, email=email, password="correct horse battery")
        info = sessions.create_session(session=db, user_id=user.id)
    return user.id, tokens.issue_mcp_token(user_id=user.id, session_id=info.id)


def _mcp_sessions(settings: Settings) -> dict[str, int]:
    """Checkouts of one ``list_tasks`` call: token checked in full, then cached."""
    from mcp_server.server import create_app

    _, token = _person("sessions-mcp@example.com")
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "list_tasks", "arguments": {"status": "pending"}}}
    counts = {}
    with serving(create_app(settings)) as base:
        for name in ("uncached", "cached"):
            with counting_sessions(get_engine()) as taken:
                response = httpx.post(f"{base}/mcp", json=body, timeout=30,
                                      headers={**HEADERS, "Authorization": f"Bearer {token}"})
                response.raise_for_status()
            counts[name] = len(taken)
    return counts


async def _chat(user_id: int) -> tuple[dict[str, int], dict[str, int]]:
    from todo_reflex.assistant.engines import offline

    planned: list[str] = []
    plan_message = offline.plan_message

    def counted(message: str, **kwargs: Any) -> Any:
        planned.append(message)
        return plan_message(message, **kwargs)

    offline.plan_message = counted
    try:
        browser = signed_in_browser(user_id)
        await open_chat(browser)
        turn_sessions, plans = {}, {}
        for message in MESSAGES:
            planned.clear()
            with counting_sessions(get_engine()) as taken:
                await chat_turn(browser, message)
            turn_sessions[message], plans[message] = len(taken), len(planned)
        return turn_sessions, plans
    finally:
        offline.plan_message = plan_message


def measure(settings: Settings, mcp_url: str) -> dict[str, Any]:
    """The counts: ``mcp_call`` (uncached/cached), ``chat_turn`` and ``plans`` per message."""
    with use_settings(settings.model_copy(update={"mcp_server_url": mcp_url})) as current:
        mcp = _mcp_sessions(current)
        user_id, _ = _person("sessions-chat@example.com")
        turn_sessions, plans = asyncio.run(_chat(user_id))
    return {"mcp_call": mcp, "chat_turn": turn_sessions, "plans": plans}
