""""Export my data": everything the app keeps about one user, as one JSON document.

Profile, tasks (as the tools show them, due dates and reminders in the user's zone),
conversations with their messages, notifications, personal access tokens (names and dates,
never secrets), sessions and whether a calendar feed is on. Nothing of another user, and no
password hash or token hash.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from todo_reflex.core.models import (
    ApiToken,
    ApiTokenPublic,
    CalendarFeed,
    Message,
    MessagePublic,
    Notification,
    NotificationPublic,
    Task,
    Thread,
    ThreadPublic,
    User,
    UserPublic,
    UserSession,
    utcnow,
)
from todo_reflex.core.reminders import stored
from todo_reflex.core.tasks import to_public

FORMAT = "todo-app-export/1"


def export_user_data(*, session: Session, user_id: int) -> dict[str, Any]:
    """The user's data, JSON-compatible (datetimes as ISO 8601 strings)."""
    user = session.get(User, user_id)
    if user is None:
        return {}
    tasks = session.exec(
        select(Task)
        .where(Task.user_id == user_id, col(Task.deleted_at).is_(None))
        .order_by(col(Task.number))
    ).all()
    threads = session.exec(
        select(Thread).where(Thread.user_id == user_id).order_by(col(Thread.id))
    ).all()
    messages = session.exec(
        select(Message).where(Message.user_id == user_id).order_by(col(Message.id))
    ).all()
    alarms = stored(session=session, task_ids=[t.id for t in tasks])
    by_thread: dict[int, list[dict[str, Any]]] = {}
    for message in messages:
        public = MessagePublic.model_validate(message, from_attributes=True)
        by_thread.setdefault(message.thread_id, []).append(public.model_dump(mode="json"))
    notices = session.exec(select(Notification).where(Notification.user_id == user_id)
                           .order_by(col(Notification.id))).all()
    tokens = session.exec(select(ApiToken).where(ApiToken.user_id == user_id)).all()
    sessions = session.exec(select(UserSession).where(UserSession.user_id == user_id)).all()
    return {
        "format": FORMAT,
        "exported_at": utcnow().isoformat(),
        "profile": UserPublic.model_validate(user, from_attributes=True).model_dump(mode="json"),
        "tasks": [to_public(t, user.timezone, alarms[t.id]).model_dump(mode="json")
                  for t in tasks],
        "conversations": [
            {**ThreadPublic.model_validate(t, from_attributes=True).model_dump(mode="json"),
             "messages": by_thread.get(t.id, [])}
            for t in threads
        ],
        "notifications": [
            NotificationPublic.model_validate(n, from_attributes=True).model_dump(mode="json")
            for n in notices
        ],
        "access_tokens": [
            ApiTokenPublic.model_validate(t, from_attributes=True).model_dump(mode="json")
            for t in tokens
        ],
        "sessions": [
            {"created_at": s.created_at.isoformat(), "expires_at": s.expires_at.isoformat(),
             "revoked_at": s.revoked_at.isoformat() if s.revoked_at else None,
             "ip_address": s.ip_address, "user_agent": s.user_agent}
            for s in sessions
        ],
        "calendar_feed": session.get(CalendarFeed, user_id) is not None,
    }
