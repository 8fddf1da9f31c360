"""Chat threads and their messages, for one acting user (another user's thread looks missing)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from todo_reflex.core.errors import DomainError, InvalidInput
from todo_reflex.core.models import Message, MessagePublic, Thread, ThreadPublic, utcnow
from todo_reflex.core.validation import check_text, clean_title

MESSAGE_MAX = 2000
HISTORY_LIMIT = 200
UNTITLED = "New chat"


class ThreadNotFound(DomainError):
    """No such thread for this user."""

    code = "THREAD_NOT_FOUND"

    def __init__(self, thread_id: int) -> None:
        super().__init__(f"conversation {thread_id} was not found")


def _load(session: Session, user_id: int, thread_id: int) -> Thread:
    thread = session.exec(
        select(Thread).where(Thread.id == thread_id, Thread.user_id == user_id)
    ).first()
    if thread is None:
        raise ThreadNotFound(thread_id)
    return thread


def create_thread(*, session: Session, user_id: int, title: str = UNTITLED) -> ThreadPublic:
    """Start a conversation."""
    thread = Thread(user_id=user_id, title=clean_title(title))
    session.add(thread)
    session.flush()
    return ThreadPublic.model_validate(thread, from_attributes=True)


def list_threads(*, session: Session, user_id: int, limit: int = 100) -> list[ThreadPublic]:
    """The user's conversations, most recently active first."""
    rows = session.exec(
        select(Thread)
        .where(Thread.user_id == user_id)
        .order_by(col(Thread.updated_at).desc(), col(Thread.id).desc())
        .limit(limit)
    ).all()
    return [ThreadPublic.model_validate(t, from_attributes=True) for t in rows]


def rename_thread(*, session: Session, user_id: int, thread_id: int, title: str) -> ThreadPublic:
    """Give a conversation a new title."""
    thread = _load(session, user_id, thread_id)
    thread.title = clean_title(title)
    thread.updated_at = utcnow()
    session.add(thread)
    session.flush()
    return ThreadPublic.model_validate(thread, from_attributes=True)


def delete_thread(*, session: Session, user_id: int, thread_id: int) -> None:
    """Delete a conversation and its messages."""
    thread = _load(session, user_id, thread_id)
    for message in session.exec(select(Message).where(Message.thread_id == thread.id)).all():
        session.delete(message)
    session.delete(thread)
    session.flush()


def add_message(
    *,
    session: Session,
    user_id: int,
    thread_id: int,
    role: str,
    content: str,
    tool_calls: list[dict[str, Any]] | None = None,
    context: dict[str, Any] | None = None,
) -> MessagePublic:
    """Append a message; the first user message names an untitled thread."""
    if role not in ("user", "assistant", "tool"):
        raise InvalidInput("role", "must be user, assistant or tool")
    if role == "user" and not content.strip():
        raise InvalidInput("message", "must not be empty")
    if role == "user" and len(content) > MESSAGE_MAX:
        raise InvalidInput("message", f"must be at most {MESSAGE_MAX} characters")
    if role == "user":
        check_text("message", content)
    thread = _load(session, user_id, thread_id)
    message = Message(
        thread_id=thread.id, user_id=user_id, role=role, content=content,
        tool_calls=tool_calls, context=context,
    )
    if role == "user" and thread.title == UNTITLED:
        thread.title = clean_title(content[:60])
    thread.updated_at = utcnow()
    session.add_all([message, thread])
    session.flush()
    return MessagePublic.model_validate(message, from_attributes=True)


def list_messages(
    *, session: Session, user_id: int, thread_id: int, limit: int = HISTORY_LIMIT,
    before_id: int | None = None,
) -> list[MessagePublic]:
    """The last ``limit`` messages of a conversation, oldest first.

    Args:
        session: The open session.
        user_id: The acting user; another user's thread is reported missing.
        thread_id: The conversation.
        limit: At most this many messages.
        before_id: Only messages older than this message id (keyset paging: pass the id of
            the oldest message shown to get the page before it).

    Raises:
        ThreadNotFound: The thread is not the user's.
    """
    _load(session, user_id, thread_id)
    query = select(Message).where(Message.thread_id == thread_id, Message.user_id == user_id)
    if before_id is not None:
        query = query.where(col(Message.id) < before_id)
    rows = session.exec(query.order_by(col(Message.id).desc()).limit(limit)).all()
    return [MessagePublic.model_validate(m, from_attributes=True) for m in reversed(rows)]


def last_context(*, session: Session, user_id: int, thread_id: int) -> dict[str, Any]:
    """The assistant's conversation context stored with its latest reply in a thread."""
    _load(session, user_id, thread_id)
    row = session.exec(
        select(Message.context)
        .where(
            Message.thread_id == thread_id,
            Message.user_id == user_id,
            col(Message.context).is_not(None),
        )
        .order_by(col(Message.id).desc())
        .limit(1)
    ).first()
    return dict(row) if row else {}
