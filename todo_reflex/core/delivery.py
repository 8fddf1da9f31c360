"""Delivering due reminders exactly once, however many workers run: one transaction each.

A worker claims the soonest due reminder no other worker holds (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL), writes the in-app notification, marks the reminder fired, sends the email and
commits: the notification and the mark commit together or not at all. A worker killed
mid-way leaves an open transaction the database rolls back, its lock goes, and another worker
delivers that reminder. One reminder per transaction, so a kill never undoes deliveries
already made, and the email is sent just before the commit, so the only duplicate possible is
an email accepted in the instant before a crash (its ``Message-ID`` is the same).

SQLite has no row locks: its single worker works the same way, and a second one would wait for
the write lock and then find the reminder already fired (the mark is a compare-and-set).
A reminder delivered more than the grace period after its time (everything was down) is
marked late; one of a completed or deleted task is spent without a notice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from todo_reflex.core import dates
from todo_reflex.core.db import session_scope
from todo_reflex.core.mailer import Mail, Mailer, MailError
from todo_reflex.core.models import Notification, Reminder, Task, User, utcnow
from todo_reflex.core.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    """A claimed reminder and what its notice needs."""

    reminder: Reminder
    task: Task
    email: str
    timezone: str


def claim(session: Session, now: datetime) -> Due | None:
    """Lock the soonest due, unfired reminder nobody else holds, or None."""
    row = session.exec(
        select(Reminder, Task, User.email, User.timezone)
        .join(Task, col(Task.id) == Reminder.task_id)
        .join(User, col(User.id) == Reminder.user_id)
        .where(col(Reminder.fired_at).is_(None), Reminder.fire_at <= now)
        .order_by(col(Reminder.fire_at), col(Reminder.id))
        .limit(1)
        .with_for_update(skip_locked=True, of=Reminder)  # SQLite: no FOR UPDATE, one writer
    ).first()
    return Due(*row) if row else None


def _mark_fired(session: Session, due: Due, now: datetime, late: bool) -> bool:
    """Set ``fired_at`` unless another worker did (SQLite's guard; PostgreSQL holds the lock)."""
    reminder = due.reminder
    result = session.execute(
        sa.update(Reminder)
        .where(col(Reminder.id) == reminder.id, col(Reminder.fired_at).is_(None),
               col(Reminder.fire_at) == reminder.fire_at)
        .values(fired_at=now, late=late)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def deliver_one(session: Session, mailer: Mailer, settings: Settings,
                now: datetime | None = None) -> Due | None:
    """Claim and deliver one due reminder in ``session``'s transaction; None when none is due.

    The caller commits: the notice, the mark and the sent email belong to that commit.
    """
    now = now or utcnow()
    due = claim(session, now)
    if due is None:
        return None
    late = now - due.reminder.fire_at > timedelta(seconds=settings.reminder_grace_seconds)
    if not _mark_fired(session, due, now, late):
        return due
    if due.task.completed or due.task.deleted_at is not None:
        return due  # spent: nothing to remind of
    notice = _notice(due, late)
    session.add(notice)
    session.flush()  # the unique key refuses a second notice for this occurrence here
    mail = _mail(due, notice, mailer, settings)
    try:
        notice.email = mailer.send(mail)
    except MailError as error:
        notice.email = "failed"
        logger.warning("reminder %s: email to user %s failed: %s", due.reminder.id,
                       due.reminder.user_id, error)
    session.flush()
    logger.info("reminder %s delivered%s (email %s)", due.reminder.id, " late" if late else "",
                notice.email, extra={"user_id": str(due.reminder.user_id)})
    return due


def _notice(due: Due, late: bool) -> Notification:
    task = due.task
    local = dates.local_due(task.due_at, task.due_has_time, due.timezone)
    body = f"Due {local.replace('T', ' ')}." if local else ""
    if late:
        at = due.reminder.fire_at.astimezone(dates.zone(due.timezone)).strftime("%Y-%m-%d %H:%M")
        body = f"{body} This reminder was for {at}; it could not be delivered then.".strip()
    return Notification(
        user_id=task.user_id, task_id=task.id, task_number=task.number,
        reminder_id=due.reminder.id, title=task.title, body=body,
        fire_at=due.reminder.fire_at, late=late,
    )


def _mail(due: Due, notice: Notification, mailer: Mailer, settings: Settings) -> Mail:
    subject = f"Reminder: {notice.title}" + (" (late)" if notice.late else "")
    lines = [notice.title, "", notice.body] if notice.body else [notice.title]
    if settings.public_url:
        lines += ["", f"Open your tasks: {settings.public_url.rstrip('/')}/tasks"]
    stamp = int(due.reminder.fire_at.timestamp())
    message_id = f"<reminder-{due.reminder.id}-{stamp}@{mailer.domain()}>"
    return Mail(to=due.email, subject=subject, body="\n".join(lines) + "\n",
                message_id=message_id)


def deliver_due(
    *, engine: sa.Engine, mailer: Mailer, settings: Settings, limit: int,
    stopping: Callable[[], bool] = lambda: False,
) -> int:
    """Deliver up to ``limit`` due reminders, one transaction each; how many were claimed."""
    claimed = 0
    while claimed < limit and not stopping():
        with session_scope(engine) as session:
            if deliver_one(session, mailer, settings) is None:
                break
        claimed += 1
    return claimed
