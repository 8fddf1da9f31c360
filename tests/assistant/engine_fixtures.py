"""Shared helpers for the engine tests: one live MCP server per test module (SQLite, or both
SQLite and PostgreSQL with Redis), fresh users, fresh short-lived tokens per turn, and a driver
that runs a turn and collects events."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session, select

from tests.support.mcp import McpStack, Person
from todo_reflex.assistant.chat_orchestration import finish_turn, start_turn
from todo_reflex.assistant.engines import (
    Done,
    HistoryItem,
    OfflineEngine,
    TextDelta,
    ToolEvent,
    TurnInput,
)
from todo_reflex.core import threads, tokens
from todo_reflex.core.db import session_scope
from todo_reflex.core.models import Task
from todo_reflex.core.settings import Settings, use_settings
from todo_reflex.core.tasks import Actor

_serial = itertools.count(1)
NOW = datetime(2026, 11, 26, 10, tzinfo=UTC)
"""The fixed clock of ``offline_engine``: Thursday 26 November 2026, 10:00 UTC."""


@pytest.fixture(scope="module")
def engine_stack(mcp_stacks: Callable[[str], McpStack]) -> McpStack:
    """The run's live ``python -m mcp_server`` on SQLite (tests/conftest.py)."""
    return mcp_stacks("sqlite")


@pytest.fixture(scope="module")
def engine_stack_on_both(stack: McpStack) -> McpStack:
    """The same, once on SQLite and once on PostgreSQL with Redis (as in production)."""
    return stack


@pytest.fixture(scope="module")
def offline_engine(engine_stack: McpStack) -> OfflineEngine:
    """The offline engine on the module's server, its clock fixed at ``NOW``."""
    return OfflineEngine(Settings(mcp_server_url=engine_stack.url), clock=lambda: NOW)


@pytest.fixture
def chat(engine: Any, engine_stack: McpStack) -> Any:
    """Start a conversation of a fresh user with the test module's ``engine`` fixture."""

    def start(name: str, **kw: Any) -> Conversation:
        return Conversation(kw.pop("engine", engine), engine_stack,
                            new_person(engine_stack, name), **kw)

    return start


def new_person(stack: McpStack, name: str) -> Person:
    """Register a fresh user so each test starts with an empty task list."""
    return stack.person(f"{name}-{next(_serial)}@example.com")


def fresh_token(stack: McpStack, person: Person) -> str:
    """A new MCP token for the person's session, as the web app mints one per turn."""
    with use_settings(stack.settings):
        return tokens.issue_mcp_token(user_id=person.id, session_id=person.session_id)


def tasks_of(stack: McpStack, person: Person) -> list[Task]:
    """The person's live tasks straight from the database, by number; ``id`` is the task's
    number (what the tools speak of), deleted tasks left out."""
    with Session(stack.engine) as db:
        rows = db.exec(select(Task).where(Task.user_id == person.id, Task.deleted_at.is_(None))
                       .order_by(Task.number)).all()
        tasks = []
        for row in rows:
            task = Task.model_validate(row, from_attributes=True)
            task.id = row.number
            tasks.append(task)
        return tasks


@dataclass
class Reply:
    """Everything one turn yielded."""

    events: list[Any]
    done: Done

    @property
    def text(self) -> str:
        return "".join(e.text for e in self.events if isinstance(e, TextDelta))

    @property
    def tools(self) -> list[ToolEvent]:
        return [e for e in self.events if isinstance(e, ToolEvent)]


@dataclass
class Conversation:
    """A thread as the web app keeps it: history plus the context stored with each reply."""

    engine: Any
    stack: McpStack
    person: Person
    timezone: str = "UTC"
    history: list[HistoryItem] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    async def say(self, message: str) -> Reply:
        turn = TurnInput(
            user_id=self.person.id, timezone=self.timezone,
            mcp_token=fresh_token(self.stack, self.person), message=message,
            history=list(self.history), context=dict(self.context),
        )
        events = [event async for event in self.engine.respond(turn)]
        done = events[-1]
        assert isinstance(done, Done), events
        assert not any(isinstance(e, Done) for e in events[:-1])
        reply = Reply(events[:-1], done)
        assert reply.text == done.reply
        self.history += [HistoryItem("user", message), HistoryItem("assistant", done.reply)]
        self.context = done.context
        return reply


@contextmanager
def app_settings(stack: McpStack, chat_limit: int = 100000) -> Iterator[Settings]:
    """The web app's settings on the stack's database and server (chat limit out of the way
    unless given)."""
    settings = stack.settings.model_copy(
        update={"mcp_server_url": stack.url, "rate_limit_per_minute": chat_limit})
    with use_settings(settings) as active:
        yield active


@dataclass
class AppThread:
    """A thread as the web app runs it: ``start_turn``, the engine, ``finish_turn``.

    The context goes into the database with each reply and comes back with the next message
    (what a page reload or another replica reads); turns take the engines in turn. Use inside
    :func:`app_settings`.
    """

    engines: tuple[Any, ...]
    person: Person
    thread_id: int = 0
    turns: int = 0

    async def say(self, message: str) -> Reply:
        actor = Actor(self.person.id, "UTC")
        if not self.thread_id:
            with session_scope() as session:
                self.thread_id = threads.create_thread(session=session, user_id=actor.user_id).id
        turn = start_turn(actor=actor, session_id=self.person.session_id,
                          thread_id=self.thread_id, message=message)
        self.turns += 1
        events = [e async for e in self.engines[self.turns % len(self.engines)].respond(turn)]
        reply = Reply(events[:-1], events[-1])
        finish_turn(actor=actor, thread_id=self.thread_id, reply=reply.done.reply,
                    events=reply.tools, context=reply.done.context, engine=reply.done.engine)
        return reply
