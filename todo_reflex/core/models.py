"""SQLModel tables and their read/write models (the seed's table names).

Datetimes are stored in UTC and always come back time-zone aware, on SQLite too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from todo_reflex.core.columns import UTCDateTime
from todo_reflex.core.columns import created as _created
from todo_reflex.core.columns import utcnow as utcnow  # re-exported: most modules import it here
from todo_reflex.core.limits import (
    DESCRIPTION_MAX,
    REPEAT_RULE_MAX,
    THREAD_TITLE_MAX,
    TITLE_MAX,
)

# re-exported, and imported so that importing this module registers every table
from todo_reflex.core.reminder_models import Notification as Notification
from todo_reflex.core.reminder_models import NotificationPublic as NotificationPublic
from todo_reflex.core.reminder_models import Reminder as Reminder
from todo_reflex.core.reminder_models import ReminderPublic

Priority = Literal["none", "low", "medium", "high"]
Role = Literal["user", "assistant", "tool"]


# ---------------------------------------------------------------- users and credentials


class UserBase(SQLModel):
    """Fields a user can see and edit about themselves."""

    email: str = Field(max_length=320, unique=True, index=True)
    name: str = Field(default="", max_length=100)
    timezone: str = Field(default="UTC", max_length=64)


class User(UserBase, table=True):
    """A person with an account (Better Auth's ``users``)."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _created()
    updated_at: datetime = _created()
    # the last task number given to this user (see ``Task.number``); only ever grows
    # (a server default only, so plain inserts of users need not name it)
    task_counter: int = Field(
        default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0")
    )


class UserPublic(UserBase):
    """A user as shown to themselves."""

    id: int
    created_at: datetime


class Account(SQLModel, table=True):
    """A way to sign in (Better Auth's ``accounts``): the password credential, or OAuth."""

    __tablename__ = "accounts"
    __table_args__ = (sa.UniqueConstraint("provider", "provider_account_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    provider: str = Field(default="credential", max_length=32)
    provider_account_id: str = Field(max_length=320)
    password_hash: str | None = Field(default=None, max_length=255)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class UserSession(SQLModel, table=True):
    """A signed-in session; JWTs carry its id (``sid``) so logout can revoke them."""

    __tablename__ = "sessions"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = _created()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ip_address: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=512)


class ApiTokenBase(SQLModel):
    """What a user names and sees of a personal access token."""

    name: str = Field(min_length=1, max_length=100)


class ApiToken(ApiTokenBase, table=True):
    """A personal access token for external MCP clients, stored only as a SHA-256 hash."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    prefix: str = Field(max_length=16)
    created_at: datetime = _created()
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiTokenPublic(ApiTokenBase):
    """A token as listed on the account page (never the secret)."""

    id: int
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class CalendarFeed(SQLModel, table=True):
    """A user's secret calendar (ICS) address, stored only as a SHA-256 hash; one per user."""

    __tablename__ = "calendar_feeds"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = _created()


class PasswordReset(SQLModel, table=True):
    """A password reset link sent by email: only the token's HMAC is stored, never the token.

    Valid until ``expires_at`` and once: ``used_at`` is set when it is spent, and on every other
    outstanding link of the user when one of them is.
    """

    __tablename__ = "password_resets"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = _created()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# ---------------------------------------------------------------- tasks


class Task(SQLModel, table=True):
    """A to-do item. ``tags`` is a comma-joined list; date-only dues are floating UTC midnights.

    ``id`` is the internal key; ``number`` is the task's public id, 1, 2, 3… per user, taken
    from ``User.task_counter`` on insert and never reused. A deleted task keeps its row (and
    number) with ``deleted_at`` set until ``todo-admin purge-deleted`` removes it.
    """

    __tablename__ = "tasks"
    __table_args__ = (
        sa.CheckConstraint("priority IN ('none','low','medium','high')", name="ck_tasks_priority"),
        sa.Index("uq_tasks_user_number", "user_id", "number", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    number: int | None = Field(default=None, sa_column_kwargs={"nullable": False})
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str = Field(default="", max_length=DESCRIPTION_MAX)
    completed: bool = Field(default=False)
    priority: str = Field(default="none", max_length=8)
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    due_has_time: bool = Field(default=False)
    repeat_rule: str | None = Field(default=None, max_length=REPEAT_RULE_MAX)
    tags: str = Field(default="", max_length=400)
    created_at: datetime = _created()
    updated_at: datetime = _created()
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=1)


@sa.event.listens_for(Task, "before_insert")
def _number_task(mapper: Any, connection: sa.Connection, task: Task) -> None:
    """Give a new task its owner's next number.

    The counter is raised in the insert's own transaction by one ``UPDATE … RETURNING``,
    which locks the user's row until commit: concurrent adds by one user queue there and
    each gets its own number (PostgreSQL), and SQLite serialises writers anyway.
    """
    if task.number is not None:
        return
    users = User.__table__
    task.number = connection.execute(
        sa.update(users)
        .where(users.c.id == task.user_id)
        .values(task_counter=users.c.task_counter + 1)
        .returning(users.c.task_counter)
    ).scalar_one()


def tag_list(tags: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    """``',' || tags || ','``: every tag framed by commas, so ``LIKE '%,tag,%'`` finds one.

    The commas are literal SQL, not parameters, so PostgreSQL matches the tag filter to the
    trigram index ``ix_tasks_tags_trgm`` built on this same expression (and to its statistics).
    """
    comma = sa.literal_column("','", sa.String)
    return comma + tags + comma


def priority_rank(priority: sa.ColumnElement[str]) -> sa.ColumnElement[int]:
    """0 for high to 3 for none, with inline literals so an index on it matches the query."""
    ranks = {sa.literal_column(f"'{name}'"): sa.literal_column(str(rank))
             for rank, name in enumerate(("high", "medium", "low"))}
    return sa.case(ranks, value=priority, else_=sa.literal_column("3"))


def _task_indexes() -> None:
    """The indexes behind every list order and filter (chosen with EXPLAIN ANALYZE at 100k).

    Each list order is ``completed, <key>, created_at DESC, id DESC``, so one index per order
    serves both the pending list (``completed`` fixed) and the all list. ``(user_id, due_at)``
    serves due windows across both states; the trigram indexes (PostgreSQL only) serve
    substring search and tag filters.
    """
    c = Task.__table__.c
    newest = (c.created_at.desc(), c.id.desc())
    sa.Index("ix_tasks_user_status_created", c.user_id, c.completed, *newest)
    sa.Index("ix_tasks_user_status_due", c.user_id, c.completed, c.due_at, *newest)
    rank = priority_rank(c.priority)
    sa.Index("ix_tasks_user_status_rank", c.user_id, c.completed, rank, *newest)
    sa.Index("ix_tasks_user_due", c.user_id, c.due_at)
    for name in ("title", "description"):
        sa.Index(
            f"ix_tasks_{name}_trgm", sa.func.lower(c[name]).label(f"lower_{name}"),
            postgresql_using="gin", postgresql_ops={f"lower_{name}": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql")
    sa.Index(
        "ix_tasks_tags_trgm", tag_list(c.tags).label("tag_list"), postgresql_using="gin",
        postgresql_ops={"tag_list": "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql")


_task_indexes()


class TaskPublic(SQLModel):
    """A task as tools and pages show it; ``due`` is local to the user's time zone."""

    id: int
    title: str
    description: str
    completed: bool
    priority: Priority
    due: str | None = Field(description="'2026-11-27' or '2026-11-27T17:00' in the user's zone")
    repeat: str | None
    tags: list[str]
    reminders: list[ReminderPublic] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    version: int


class TaskPage(SQLModel):
    """One page of a task list; ``total`` is None when it was not counted (see ``has_more``)."""

    tasks: list[TaskPublic]
    total: int | None
    limit: int
    offset: int
    has_more: bool = False


# ---------------------------------------------------------------- chat


class Thread(SQLModel, table=True):
    """A conversation with the assistant."""

    __tablename__ = "threads"
    __table_args__ = (sa.Index("ix_threads_user_updated", "user_id", "updated_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    title: str = Field(default="New chat", max_length=THREAD_TITLE_MAX)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class ThreadPublic(SQLModel):
    """A thread as listed in the sidebar."""

    id: int
    title: str
    created_at: datetime
    updated_at: datetime


class Message(SQLModel, table=True):
    """One message of a thread; assistant messages keep the tool calls they made."""

    __tablename__ = "messages"
    # a thread's latest page, the page before a message, the last context: newest id first
    __table_args__ = (sa.Index("ix_messages_thread_id_id", "thread_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="threads.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=16)
    content: str = Field(default="", sa_type=sa.Text)
    tool_calls: list[dict[str, Any]] | None = Field(default=None, sa_type=sa.JSON)
    context: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    created_at: datetime = _created()


class MessagePublic(SQLModel):
    """A message as the chat shows it."""

    id: int
    role: Role
    content: str
    tool_calls: list[dict[str, Any]] | None
    created_at: datetime


# ---------------------------------------------------------------- task input


class TaskCreate(SQLModel):
    """What a caller may give to create a task; the task service validates and normalises it."""

    title: str
    description: str = ""
    due: str | None = Field(default=None, description="ISO date or date-time; naive = user's zone")
    priority: str = "none"
    tags: list[str] = Field(default_factory=list)
    repeat: str | None = Field(default=None, description="RFC 5545 RRULE: FREQ=WEEKLY;BYDAY=SA")
    reminders: list[str] = Field(default_factory=list,
                                 description="Local date-times or offsets before due: -PT30M")


class TaskUpdate(SQLModel):
    """A partial update: only the fields that were set change; ``due=""`` clears the date."""

    title: str | None = None
    description: str | None = None
    due: str | None = None
    priority: str | None = None
    tags: list[str] | None = None
    repeat: str | None = None
    reminders: list[str] | None = Field(default=None, description="The new list; [] clears it")
