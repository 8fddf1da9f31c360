"""A chat turn opens at most two database sessions in the web app (issue 26).

The turn runs through the real state code (``send``, then its background ``stream_reply``)
against the shared live MCP server on PostgreSQL with Redis, in its own process as in
production; the sessions are counted on this process's engine, so the MCP server's own (one
per tool call, ``tests/mcp/test_call_sessions.py``) are not among them.
"""

from __future__ import annotations

import pytest

from tests.support.mcp import McpStack
from tests.support.turns import chat_turn, counting_sessions, open_chat, signed_in_browser
from todo_reflex.core.settings import use_settings

TURN_SESSIONS_MAX = 2
MESSAGES = [
    "add buy milk tomorrow",  # the first message: a new conversation, named by it
    "add call mom friday at 5pm high priority",
    "what's on my list",
    "complete buy milk",  # a title to look up first
    "undo",
]


@pytest.fixture
def live(mcp_stacks) -> McpStack:
    return mcp_stacks("postgres+redis")


@pytest.mark.parametrize("opened", [True, False], ids=["chat-opened", "first-event-is-send"])
async def test_every_turn_opens_at_most_two_sessions(live: McpStack, opened: bool) -> None:
    person = live.person(f"turns-{opened}@example.com")
    settings = live.settings.model_copy(update={"mcp_server_url": live.url})
    with use_settings(settings):
        browser = signed_in_browser(person.id)
        if opened:
            await open_chat(browser)
        counts = {}
        for message in MESSAGES:
            with counting_sessions(live.engine) as taken:
                reply = await chat_turn(browser, message)
            counts[message] = len(taken)
    assert max(counts.values()) <= TURN_SESSIONS_MAX, counts
    assert "milk" in reply.lower(), reply  # the undo reopened "buy milk": the turns really ran
