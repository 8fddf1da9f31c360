"""A chat turn opens at most two database sessions in the web app and plans once (issue 26).

The turn runs through the real state code (``send``, then its background ``stream_reply``)
against the shared live MCP server on PostgreSQL with Redis, in its own process as in
production; the sessions are counted on this process's engine, so the MCP server's own (one
per tool call, ``tests/mcp/test_call_sessions.py``) are not among them. The planner is
counted by a wrapper that calls it through.
"""

from __future__ import annotations

import pytest

from tests.support.mcp import McpStack
from tests.support.turns import chat_turn, counting_sessions, open_chat, signed_in_browser
from todo_reflex.assistant.engines import offline
from todo_reflex.core.settings import use_settings

TURN_SESSIONS_MAX = 2
MESSAGES = [
    "add buy milk tomorrow",  # the first message: a new conversation, named by it
    "add call mom friday at 5pm high priority",
    "what's on my list",
    "complete buy milk",  # a title to look up first
    "move call mom to monday",  # a title, then the task's due date
    "undo",
]


@pytest.fixture
def live(mcp_stacks) -> McpStack:
    return mcp_stacks("postgres+redis")


@pytest.mark.parametrize("opened", [True, False], ids=["chat-opened", "first-event-is-send"])
async def test_every_turn_opens_at_most_two_sessions_and_plans_once(
    live: McpStack, opened: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned: list[str] = []
    plan_message = offline.plan_message

    def counted(message: str, **kwargs: object) -> object:
        planned.append(message)
        return plan_message(message, **kwargs)

    monkeypatch.setattr(offline, "plan_message", counted)
    person = live.person(f"turns-{opened}@example.com")
    settings = live.settings.model_copy(update={"mcp_server_url": live.url})
    sessions, plans, replies = {}, {}, {}
    with use_settings(settings):
        browser = signed_in_browser(person.id)
        if opened:
            await open_chat(browser)
        for message in MESSAGES:
            planned.clear()
            with counting_sessions(live.engine) as taken:
                replies[message] = await chat_turn(browser, message)
            sessions[message], plans[message] = len(taken), len(planned)
    assert max(sessions.values()) <= TURN_SESSIONS_MAX, sessions
    assert set(plans.values()) == {1}, plans
    # the turns really ran: the title lookups found their tasks, undo reverted the move
    assert "Completed" in replies["complete buy milk"], replies
    assert "call mom" in replies["move call mom to monday"].lower(), replies
    added_due = replies[MESSAGES[1]].split("· due ")[1].split(" ·")[0]  # "Fri 11 Dec, 17:00"
    assert replies["undo"].startswith("Undone.") and added_due in replies["undo"], replies
