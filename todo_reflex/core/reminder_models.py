"""Reminder and notification tables and their read models (the reminder worker's data).

Kept apart from ``models`` so each module stays short; ``models`` re-exports them, and
importing it registers these tables too.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from todo_reflex.core.columns import UTCDateTime, created
from todo_reflex.core.limits import NOTIFICATION_BODY_MAX, REMINDER_RULE_MAX, TITLE_MAX


class Reminder(SQLModel, table=True):
    """When to remind the user of a task: ``rule`` as the user gave it (canonical form).

    ``rule`` is a local date-time (``2026-11-27T16:30``, in the user's zone) or an offset
    before the due time (``-PT30M``); ``fire_at`` is its instant in UTC, recomputed when the due
    date moves. ``fired_at`` is set once it was delivered (``late`` when well after its time).
    """

    __tablename__ = "reminders"
    # the worker's one question: unfired reminders by time (a partial index stays small)
    __table_args__ = (
        sa.Index("ix_reminders_pending", "fire_at", postgresql_where=sa.text("fired_at IS NULL"),
                 sqlite_where=sa.text("fired_at IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="tasks.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    rule: str = Field(max_length=REMINDER_RULE_MAX)
    fire_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    fired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    late: bool = Field(default=False)
    created_at: datetime = created()


class ReminderPublic(SQLModel):
    """A reminder as tools and pages show it."""

    rule: str = Field(description="As set: '2026-11-27T16:30' (local) or '-PT30M' (before due)")
    at: str = Field(description="When it fires, '2026-11-27T16:30' in the user's zone")
    fired_at: datetime | None = None
    late: bool = False


class Notification(SQLModel, table=True):
    """An in-app notice the reminder worker wrote, with how its email went.

    One per reminder and time: the unique key makes a second delivery of the same reminder
    occurrence fail instead of showing twice. An email the mail server could not take for now
    is ``retry`` until ``email_retry_at``; ``failed`` once refused for good or out of attempts.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("reminder_id", "fire_at", name="uq_notifications_reminder_fire"),
        sa.Index("ix_notifications_user_id", "user_id", "id"),
        # the worker's second question: emails to try again, by time
        sa.Index("ix_notifications_email_retry", "email_retry_at",
                 postgresql_where=sa.text("email = 'retry'"),
                 sqlite_where=sa.text("email = 'retry'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    task_id: int | None = Field(default=None, foreign_key="tasks.id", ondelete="SET NULL")
    task_number: int
    reminder_id: int | None = Field(default=None, foreign_key="reminders.id",
                                    ondelete="SET NULL")
    title: str = Field(max_length=TITLE_MAX)
    body: str = Field(default="", max_length=NOTIFICATION_BODY_MAX)
    fire_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    late: bool = Field(default=False)
    email: str = Field(default="none", max_length=16)  # sent, logged, retry, failed or none
    email_attempts: int = Field(default=0)
    email_retry_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created()
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class NotificationPublic(SQLModel):
    """A notification as the app lists it; ``task_id`` is the task's number."""

    id: int
    task_id: int = Field(validation_alias="task_number")
    title: str
    body: str
    fire_at: datetime
    late: bool
    created_at: datetime
    read_at: datetime | None
