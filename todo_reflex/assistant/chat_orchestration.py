"""One chat turn around an engine, for the web app. No Reflex import.

Before: check and store the user's message, build the engine's input (history, context,
a fresh MCP token). After: store the reply with its tool calls and the new context.

The caller passes the ``Actor`` its event already verified (the session check of the web
event); nothing here verifies the session or reads the user row again, and each side of the
turn uses one database session.
"""

from __future__ import annotations

from typing import Any

from todo_reflex.assistant.engines import HistoryItem, ToolEvent, TurnInput
from todo_reflex.assistant.engines.factory import wants_openai
from todo_reflex.core import metrics, threads, tokens
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.ratelimit import enforce_chat_limit
from todo_reflex.core.settings import get_settings
from todo_reflex.core.tasks import Actor

HISTORY_MESSAGES = 40


def start_turn(*, actor: Actor, session_id: str, thread_id: int, message: str) -> TurnInput:
    """Refuse over-limit or invalid messages (raising), else store the message and prepare.

    The earlier messages are read only for the model engine: the offline engine keeps what
    it needs of the thread in the context.

    Raises:
        RateLimited: Over the chat limit (the message is not stored).
        InvalidInput: Empty or longer than 2000 characters.
        ThreadNotFound: The thread is not the user's.
    """
    text = message.strip()
    if not text:
        raise InvalidInput("message", "type a message first")
    if len(text) > threads.MESSAGE_MAX:
        raise InvalidInput("message", f"keep it under {threads.MESSAGE_MAX} characters")
    enforce_chat_limit(actor.user_id)
    with session_scope() as session:
        history = threads.list_messages(
            session=session, user_id=actor.user_id, thread_id=thread_id, limit=HISTORY_MESSAGES
        ) if wants_openai(get_settings()) else []
        context = threads.last_context(
            session=session, user_id=actor.user_id, thread_id=thread_id
        )
        threads.add_message(
            session=session, user_id=actor.user_id, thread_id=thread_id, role="user",
            content=text,
        )
    metrics.CHAT_MESSAGES.labels(role="user").inc()
    return TurnInput(
        user_id=actor.user_id,
        timezone=actor.timezone,
        mcp_token=tokens.issue_mcp_token(user_id=actor.user_id, session_id=session_id),
        message=text,
        history=[
            HistoryItem(role=m.role, content=m.content)
            for m in history
            if m.role in ("user", "assistant") and m.content
        ],
        context=context,
    )


def finish_turn(
    *, actor: Actor, thread_id: int, reply: str, events: list[ToolEvent],
    context: dict[str, Any],
) -> None:
    """Store the assistant's reply with its tool calls and the new conversation context."""
    with session_scope() as session:
        threads.add_message(
            session=session, user_id=actor.user_id, thread_id=thread_id, role="assistant",
            content=reply, tool_calls=[e.to_dict() for e in events] or None, context=context,
        )
    metrics.CHAT_MESSAGES.labels(role="assistant").inc()
