"""One chat turn around an engine, for the web app. No Reflex import.

Before: check the chat limit and store the user's message, build the engine's input
(history, context, a fresh MCP token). After: count the message against the limit if the
turn did something, store the reply with its tool calls and the new context.

The caller passes the ``Actor`` its event already verified (the session check of the web
event); nothing here verifies the session or reads the user row again. Each side of the turn
works in one database session: the caller's (``session=``; the web app verifies the token
and stores the message in one, then stores the reply and reads the task panel in another),
or one of its own.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from todo_reflex.assistant.engines import HistoryItem, ToolEvent, TurnInput
from todo_reflex.assistant.engines.factory import wants_openai
from todo_reflex.core import metrics, threads, tokens
from todo_reflex.core.db import session_or_own
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.ratelimit import check_chat_limit, count_chat_message
from todo_reflex.core.settings import get_settings
from todo_reflex.core.tasks import Actor

HISTORY_MESSAGES = 40


def start_turn(
    *, actor: Actor, session_id: str, thread_id: int, message: str,
    session: Session | None = None,
) -> TurnInput:
    """Refuse over-limit or invalid messages (raising), else store the message and prepare.

    The earlier messages are read only for the model engine: the offline engine keeps what
    it needs of the thread in the context. ``session`` is the caller's (it commits), else
    the turn opens its own.

    Raises:
        RateLimited: At the chat limit (the message is not stored).
        InvalidInput: Empty or longer than 2000 characters.
        ThreadNotFound: The thread is not the user's.
    """
    text = message.strip()
    if not text:
        raise InvalidInput("message", "type a message first")
    if len(text) > threads.MESSAGE_MAX:
        raise InvalidInput("message", f"keep it under {threads.MESSAGE_MAX} characters")
    check_chat_limit(actor.user_id)
    with session_or_own(session) as db:
        history = threads.list_messages(
            session=db, user_id=actor.user_id, thread_id=thread_id, limit=HISTORY_MESSAGES
        ) if wants_openai(get_settings()) else []
        context = threads.last_context(session=db, user_id=actor.user_id, thread_id=thread_id)
        threads.add_message(
            session=db, user_id=actor.user_id, thread_id=thread_id, role="user", content=text,
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


def counts_against_limit(events: list[ToolEvent], engine: str) -> bool:
    """Whether a turn counts against the chat limit: it called a tool, or asked the model.

    A turn the offline engine answers without a tool call ("help", a question it answers
    from what it knows, "nothing to undo") costs nothing and is free.
    """
    return bool(events) or engine != "offline"


def finish_turn(
    *, actor: Actor, thread_id: int, reply: str, events: list[ToolEvent],
    context: dict[str, Any], engine: str, session: Session | None = None,
) -> None:
    """Count the message if the turn did something, then store the reply and the context.

    Args:
        actor: The user whose turn it was.
        thread_id: The conversation.
        reply: The reply text as shown.
        events: The tool calls of the turn.
        context: The conversation context to store with the reply.
        engine: The engine that answered (``Done.engine``).
        session: The caller's database session (it commits); else one of its own.
    """
    if counts_against_limit(events, engine):
        count_chat_message(actor.user_id)
    with session_or_own(session) as db:
        threads.add_message(
            session=db, user_id=actor.user_id, thread_id=thread_id, role="assistant",
            content=reply, tool_calls=[e.to_dict() for e in events] or None, context=context,
        )
    metrics.CHAT_MESSAGES.labels(role="assistant").inc()
