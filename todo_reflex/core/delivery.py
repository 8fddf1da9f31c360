"""Delivering due reminders exactly once, however many workers run: one transaction each.

A worker claims the soonest due reminder no other worker holds and marks it fired in one
statement (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), sends the email, writes the in-app
notification and commits: the mark and the notification commit together or not at all. A
worker killed mid-way leaves an open transaction the database rolls back, its lock goes, and
another worker delivers that reminder. One reminder per transaction (three round trips), so a
kill never undoes deliveries already made; the email is sent just before the commit, so the
only duplicate possible is an email accepted in the instant before a crash (its
``Message-ID`` is the same).

SQLite has no row locks: its single worker works the same way, and a second one would queue
on the write lock and then pick the next unfired reminder.
A reminder delivered more than the grace period after its time (everything was down) is
marked late; one of a completed or deleted task is spent without a notice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from todo_reflex.core import dates
from todo_reflex.core.mailer import Mail, Mailer, MailError
from todo_reflex.core.models import Notification, Reminder, Task, User, utcnow
from todo_reflex.core.settings import Settings

logger = logging.getLogger(__name__)


REMINDERS, TASKS, USERS = Reminder.__table__, Task.__table__, User.__table__
NOTIFICATIONS = Notification.__table__


@dataclass(frozen=True)
class Due:
    """A claimed reminder (already marked fired in the open transaction) and its task."""

    reminder_id: int
    fire_at: datetime
    late: bool
    user_id: int
    task_id: int
    task_number: int
    title: str
    due_at: datetime | None
    due_has_time: bool
    done: bool
    email: str
    timezone: str


def claim(connection: sa.Connection, now: datetime, grace: timedelta) -> Due | None:
    """Take the soonest due, unfired reminder nobody else holds and mark it fired, or None.

    ``UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``: the mark stays
    invisible to other workers, and the row locked, until the caller commits; on SQLite (no
    row locks) the statement runs under the database's one write lock.
    """
    due = REMINDERS.alias("due")
    pick = (sa.select(due.c.id)
            .where(due.c.fired_at.is_(None), due.c.fire_at <= now)
            .order_by(due.c.fire_at, due.c.id).limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery())
    marked = connection.execute(
        sa.update(REMINDERS)
        .where(REMINDERS.c.id == pick, REMINDERS.c.fired_at.is_(None))
        .values(fired_at=now, late=REMINDERS.c.fire_at < now - grace)
        .returning(REMINDERS.c.id, REMINDERS.c.fire_at, REMINDERS.c.late, REMINDERS.c.user_id,
                   REMINDERS.c.task_id)
    ).first()
    if marked is None:
        return None
    done = sa.or_(TASKS.c.completed.is_(True), TASKS.c.deleted_at.is_not(None))
    task = connection.execute(
        sa.select(TASKS.c.number, TASKS.c.title, TASKS.c.due_at, TASKS.c.due_has_time, done,
                  USERS.c.email, USERS.c.timezone)
        .join(USERS, USERS.c.id == TASKS.c.user_id)
        .where(TASKS.c.id == marked.task_id)
    ).one()
    return Due(marked.id, marked.fire_at, marked.late, marked.user_id, marked.task_id, *task)


def deliver_one(connection: sa.Connection, mailer: Mailer, settings: Settings,
                now: datetime | None = None) -> Due | None:
    """Claim and deliver one due reminder in ``connection``'s transaction; None when none is due.

    The email goes out just before the notice is written: the caller's commit follows at once,
    so the notice, the fired mark and the sent email stand or fall together.
    """
    now = now or utcnow()
    due = claim(connection, now, timedelta(seconds=settings.reminder_grace_seconds))
    if due is None or due.done:
        return due  # a completed or deleted task's reminder is spent without a notice
    notice = _notice(due)
    try:
        notice["email"] = mailer.send(_mail(due, notice, mailer, settings))
    except MailError as error:
        notice["email"] = "failed"
        logger.warning("reminder %s: email to user %s failed: %s", due.reminder_id,
                       due.user_id, error)
    connection.execute(sa.insert(NOTIFICATIONS).values(**notice))
    logger.info("reminder %s delivered%s (email %s)", due.reminder_id,
                " late" if due.late else "", notice["email"], extra={"user_id": str(due.user_id)})
    return due


def _notice(due: Due) -> dict[str, object]:
    """The notification row's values."""
    local = dates.local_due(due.due_at, due.due_has_time, due.timezone)
    body = f"Due {local.replace('T', ' ')}." if local else ""
    if due.late:
        at = due.fire_at.astimezone(dates.zone(due.timezone)).strftime("%Y-%m-%d %H:%M")
        body = f"{body} This reminder was for {at}; it could not be delivered then.".strip()
    return {"user_id": due.user_id, "task_id": due.task_id, "task_number": due.task_number,
            "reminder_id": due.reminder_id, "title": due.title, "body": body,
            "fire_at": due.fire_at, "late": due.late, "created_at": utcnow()}


def _mail(due: Due, notice: dict[str, object], mailer: Mailer, settings: Settings) -> Mail:
    subject = f"Reminder: {due.title}" + (" (late)" if due.late else "")
    lines = [due.title, "", str(notice["body"])] if notice["body"] else [due.title]
    if settings.public_url:
        lines += ["", f"Open your tasks: {settings.public_url.rstrip('/')}/tasks"]
    stamp = int(due.fire_at.timestamp())
    message_id = f"<reminder-{due.reminder_id}-{stamp}@{mailer.domain()}>"
    return Mail(to=due.email, subject=subject, body="\n".join(lines) + "\n",
                message_id=message_id)


def deliver_due(
    *, engine: sa.Engine, mailer: Mailer, settings: Settings, limit: int,
    stopping: Callable[[], bool] = lambda: False,
) -> int:
    """Deliver up to ``limit`` due reminders, one transaction each; how many were claimed."""
    claimed = 0
    while claimed < limit and not stopping():
        with engine.begin() as connection:
            if deliver_one(connection, mailer, settings) is None:
                break
        claimed += 1
    return claimed
