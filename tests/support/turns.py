"""One chat turn through the web app's real state code, in this process, counting its sessions.

The chat's event handlers run as Reflex runs them, minus Reflex's state manager: the state
tree is built in memory, ``send`` is called as the browser's event calls it, and its
background task ``stream_reply`` gets a stand-in for the state proxy whose ``async with``
only holds (there is no other event to lock out). The engine is the offline one, talking
HTTP to the MCP server at ``MCP_SERVER_URL`` (another process, as in production), so the
sessions counted on this process's engine are the web app's alone.

Used by ``tests/states/test_turn_sessions.py`` and the bench's "chat turn DB sessions" line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import reflex as rx
import sqlalchemy as sa

from todo_reflex.core import sessions, tokens
from todo_reflex.core.db import session_scope
from todo_reflex.states.auth import AuthState
from todo_reflex.states.chat import ChatState
from todo_reflex.states.task_panel import TaskPanelState


@contextmanager
def counting_sessions(engine: sa.Engine) -> Iterator[list[str]]:
    """Yield a list that grows by one entry per connection checked out of ``engine``'s pool.

    Every database session of the app takes one connection for its work (a read-only one
    at once, a transaction at its first statement), so checkouts count sessions.
    """
    taken: list[str] = []

    def checkout(*_: Any) -> None:
        taken.append("checkout")

    sa.event.listen(engine, "checkout", checkout)
    try:
        yield taken
    finally:
        sa.event.remove(engine, "checkout", checkout)


class _Held:
    """What ``async with self`` gives a background event: here the state itself, held."""

    def __init__(self, state: rx.State) -> None:
        object.__setattr__(self, "_state", state)

    async def __aenter__(self) -> _Held:
        return self

    async def __aexit__(self, *_: object) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._state, name, value)


@dataclass
class Browser:
    """One signed-in browser's state tree."""

    root: rx.State

    def substate(self, cls: type[rx.State]) -> rx.State:
        """The instance of a state class in this tree."""
        return self.root.get_substate(cls.get_full_name().split(".")[1:])


def signed_in_browser(user_id: int) -> Browser:
    """A state tree whose browser holds a fresh app token for a new session of ``user_id``."""
    with session_scope() as db:
        info = sessions.create_session(session=db, user_id=user_id)
    browser = Browser(rx.State(_reflex_internal_init=True))
    auth = browser.substate(AuthState)
    auth.auth_token = tokens.issue_app_token(user_id=user_id, session_id=info.id)
    return browser


async def open_chat(browser: Browser) -> None:
    """What opening ``/chat`` runs: the conversation list, its messages and the task panel."""
    await ChatState.load_messages.fn(browser.substate(ChatState))
    await TaskPanelState.load.fn(browser.substate(TaskPanelState))


async def chat_turn(browser: Browser, message: str) -> str:
    """Send ``message`` as the browser does (draft, then send) and run the reply to its end.

    Returns:
        The reply as the chat shows it.
    """
    chat = browser.substate(ChatState)
    ChatState.set_draft.fn(chat, message)
    follow_up = await ChatState.send.fn(chat)
    assert follow_up is ChatState.stream_reply, (follow_up, chat.notice)
    await ChatState.stream_reply.fn(_Held(chat))
    assert not chat.streaming
    return chat.recent[-1].content
