"""The in-app notifications the reminder worker wrote: listing them and marking them read."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.limits import NOTIFICATION_PAGE_MAX
from todo_reflex.core.models import Notification, NotificationPublic, utcnow
from todo_reflex.core.tasks import Actor


def list_notifications(
    *, session: Session, actor: Actor, unread_only: bool = False, limit: int = 20,
) -> list[NotificationPublic]:
    """The actor's newest notifications first."""
    if not 1 <= limit <= NOTIFICATION_PAGE_MAX:
        raise InvalidInput("limit", f"must be between 1 and {NOTIFICATION_PAGE_MAX}")
    query = select(Notification).where(Notification.user_id == actor.user_id)
    if unread_only:
        query = query.where(col(Notification.read_at).is_(None))
    rows = session.exec(query.order_by(col(Notification.id).desc()).limit(limit)).all()
    return [NotificationPublic.model_validate(row, from_attributes=True) for row in rows]


def unread_count(*, session: Session, actor: Actor) -> int:
    """How many of the actor's notifications are unread (the shell's badge)."""
    return session.exec(select(func.count()).select_from(Notification).where(
        Notification.user_id == actor.user_id, col(Notification.read_at).is_(None))).one()


def mark_read(*, session: Session, actor: Actor, ids: list[int] | None = None) -> int:
    """Mark these notifications (all when ``ids`` is None) read; how many changed."""
    conditions = [Notification.user_id == actor.user_id, col(Notification.read_at).is_(None)]
    if ids is not None:
        conditions.append(col(Notification.id).in_(ids))
    result = session.execute(sa.update(Notification).where(*conditions).values(read_at=utcnow()))
    return result.rowcount
