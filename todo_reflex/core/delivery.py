"""Delivering due reminders exactly once, however many workers run: one transaction each.

A worker claims the soonest due reminder no other worker holds and marks it fired in one
statement (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), sends the email, writes the in-app
notification and commits: the mark and the notification commit together or not at all. A
worker killed mid-way leaves an open transaction the database rolls back, its lock goes, and
another worker delivers that reminder. One reminder per transaction (three round trips), so a
kill never undoes deliveries already made; the email is sent just before the commit, so the
only duplicate possible is an email accepted in the instant before a crash (its
``Message-ID`` is the same).

SQLite has no row locks, and a write transaction locks the whole database: its single worker
claims the same way (a second one would queue on the write lock and then pick the next unfired
reminder), but commits the notice before the email is sent, so the app's writers never wait
on the mail server; an email left ``sending`` by a crash goes out when the worker restarts.
A reminder delivered more than the grace period after its time (everything was down) is
marked late; one of a completed or deleted task is spent without a notice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from todo_reflex.core import dates
from todo_reflex.core.display import describe_due
from todo_reflex.core.mailer import Mail, Mailer, MailError
from todo_reflex.core.models import Notification, Reminder, Task, User, utcnow
from todo_reflex.core.settings import Settings

logger = logging.getLogger(__name__)


REMINDERS, TASKS, USERS = Reminder.__table__, Task.__table__, User.__table__
NOTIFICATIONS = Notification.__table__
RETRY_AFTER = tuple(timedelta(minutes=m) for m in (1, 5, 15, 60, 180))
"""Waits before each new attempt at an email the server could not take; then it failed."""


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
    so the notice, the fired mark and the sent email stand or fall together. On SQLite, whose
    lock would stop every writer of the app while the mail server answers, the notice is
    committed with its email queued (``retry`` now), and ``retry_due`` sends it unlocked.
    """
    now = now or utcnow()
    due = claim(connection, now, timedelta(seconds=settings.reminder_grace_seconds))
    if due is None or due.done:
        return due  # a completed or deleted task's reminder is spent without a notice
    notice = _notice(due)
    if _one_lock(connection):
        notice.update(email="retry", email_attempts=0, email_retry_at=now)
    else:
        mail = reminder_mail(notice, due.email, mailer, settings)
        notice.update(send(mailer, mail, attempt=1, now=now, user_id=due.user_id))
    connection.execute(sa.insert(NOTIFICATIONS).values(**notice))
    logger.info("reminder %s delivered%s (email %s)", due.reminder_id,
                " late" if due.late else "", notice["email"], extra={"user_id": str(due.user_id)})
    return due


def _notice(due: Due) -> dict[str, object]:
    """The notification row's values."""
    local = dates.local_due(due.due_at, due.due_has_time, due.timezone)
    body = f"Due {describe_due(local, style='chat')}." if local else ""
    if due.late:
        at = due.fire_at.astimezone(dates.zone(due.timezone)).strftime("%Y-%m-%dT%H:%M")
        body = (f"{body} This reminder was for {describe_due(at, style='chat')}; it could not "
                "be delivered then.").strip()
    return {"user_id": due.user_id, "task_id": due.task_id, "task_number": due.task_number,
            "reminder_id": due.reminder_id, "title": due.title, "body": body,
            "fire_at": due.fire_at, "late": due.late, "created_at": utcnow()}


def reminder_mail(notice: Mapping[str, Any], to: str, mailer: Mailer,
                  settings: Settings) -> Mail:
    """The email of a notice; its ``Message-ID`` is the same at every attempt."""
    title, body = notice["title"], notice["body"]
    subject = f"Reminder: {title}" + (" (late)" if notice["late"] else "")
    lines = [title, "", body] if body else [title]
    if settings.public_url:
        lines += ["", f"Open your tasks: {settings.public_url.rstrip('/')}/tasks"]
    stamp = int(notice["fire_at"].timestamp())
    message_id = f"<reminder-{notice['reminder_id']}-{stamp}@{mailer.domain()}>"
    return Mail(to=to, subject=subject, body="\n".join(lines) + "\n", message_id=message_id)


def send(mailer: Mailer, mail: Mail, *, attempt: int, now: datetime,
         user_id: int) -> dict[str, Any]:
    """Try ``mail``: the notice's new email columns (sent/logged, retry later, or failed)."""
    try:
        return {"email": mailer.send(mail), "email_attempts": attempt, "email_retry_at": None}
    except MailError as error:
        again = error.retryable and attempt <= len(RETRY_AFTER)
        logger.warning("email to user %s failed (attempt %d%s): %s", user_id, attempt,
                       ", will try again" if again else "", error)
        if not again:
            return {"email": "failed", "email_attempts": attempt, "email_retry_at": None}
        return {"email": "retry", "email_attempts": attempt,
                "email_retry_at": now + RETRY_AFTER[attempt - 1]}


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


def _one_lock(connection: sa.Connection) -> bool:
    """Whether a write transaction locks the whole database (SQLite)."""
    return connection.dialect.name == "sqlite"


def _claim_email(connection: sa.Connection, now: datetime) -> tuple[Any, str] | None:
    """The soonest notice whose email is due to be tried, with its address; attempts + 1.

    Claimed like a reminder (``FOR UPDATE SKIP LOCKED``), so no two workers send it at once;
    on SQLite it is marked ``sending`` instead, as the caller commits before it sends.
    """
    pending = NOTIFICATIONS.alias("pending")
    pick = (sa.select(pending.c.id)
            .where(pending.c.email == "retry", pending.c.email_retry_at <= now)
            .order_by(pending.c.email_retry_at, pending.c.id).limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery())
    state = "sending" if _one_lock(connection) else "retry"
    notice = connection.execute(
        sa.update(NOTIFICATIONS)
        .where(NOTIFICATIONS.c.id == pick, NOTIFICATIONS.c.email == "retry")
        .values(email=state, email_attempts=NOTIFICATIONS.c.email_attempts + 1)
        .returning(NOTIFICATIONS.c.id, NOTIFICATIONS.c.user_id, NOTIFICATIONS.c.title,
                   NOTIFICATIONS.c.body, NOTIFICATIONS.c.late, NOTIFICATIONS.c.reminder_id,
                   NOTIFICATIONS.c.fire_at, NOTIFICATIONS.c.email_attempts)
    ).first()
    if notice is None:
        return None
    to = connection.execute(sa.select(USERS.c.email).where(USERS.c.id == notice.user_id)
                            ).scalar_one()
    return notice, to


def retry_one(engine: sa.Engine, mailer: Mailer, settings: Settings,
              now: datetime | None = None) -> bool:
    """Try the email of the soonest notice whose time came; whether there was one.

    PostgreSQL: claim, send and record in one transaction, as a reminder is delivered.
    SQLite: claim and commit, send with no transaction open, then record.
    """
    now = now or utcnow()
    with engine.begin() as connection:
        claimed = _claim_email(connection, now)
        if claimed is None:
            return False
        notice, to = claimed
        if not _one_lock(connection):
            _send_and_record(connection, notice, to, mailer, settings, now)
            return True
    with engine.begin() as connection:
        _send_and_record(connection, notice, to, mailer, settings, now)
    return True


def _send_and_record(connection: sa.Connection, notice: Any, to: str, mailer: Mailer,
                     settings: Settings, now: datetime) -> None:
    mail = reminder_mail(notice._mapping, to, mailer, settings)
    outcome = send(mailer, mail, attempt=notice.email_attempts, now=now, user_id=notice.user_id)
    connection.execute(sa.update(NOTIFICATIONS).where(NOTIFICATIONS.c.id == notice.id)
                       .values(**outcome))


def retry_due(
    *, engine: sa.Engine, mailer: Mailer, settings: Settings, limit: int,
    stopping: Callable[[], bool] = lambda: False,
) -> int:
    """Try up to ``limit`` emails whose time came, one transaction each; how many."""
    tried = 0
    while tried < limit and not stopping() and retry_one(engine, mailer, settings):
        tried += 1
    return tried


def recover_unsent(*, engine: sa.Engine) -> int:
    """At a worker's start: emails left ``sending`` by a stopped SQLite worker go out again."""
    with engine.begin() as connection:
        return connection.execute(
            sa.update(NOTIFICATIONS).where(NOTIFICATIONS.c.email == "sending")
            .values(email="retry", email_retry_at=utcnow())).rowcount
