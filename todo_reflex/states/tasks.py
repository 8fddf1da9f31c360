"""The `/tasks` list: one server-side page of a named list (Today, Upcoming, …), its counts.

Every event re-verifies the browser's token and calls the task service directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import reflex as rx

from todo_reflex.core import tasks as service
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import DomainError, InvalidInput, StaleVersion, TaskNotFound
from todo_reflex.core.models import utcnow
from todo_reflex.core.task_lists import (
    Section,
    TaskRow,
    sections,
    task_row,
    valid_view,
    view_query,
)
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped

PAGE_SIZE = 50
FILTERS = {"priority": {"any", "high", "medium", "low", "none"},
           "sort": {"newest", "due", "priority"}}
FIELD_NAMES = {"title": "Title", "due": "Due date", "tags": "Tags", "priority": "Priority",
               "repeat": "Repeat", "query": "Search", "description": "Notes"}
VIEW_TITLES = {"today": "Today", "upcoming": "Upcoming", "all": "All tasks",
               "completed": "Completed"}
STALE = "This task was changed elsewhere — reloaded."
GONE = "That task no longer exists — reloaded."
T = TypeVar("T")


def call(actor: Actor, operation: Callable[..., T], **kwargs: Any) -> T:
    """Run one task-service operation in its own transaction."""
    with session_scope() as session:
        return operation(session=session, actor=actor, **kwargs)


def explain(error: DomainError) -> str:
    """A sentence for people about an expected failure."""
    if isinstance(error, StaleVersion):
        return STALE
    if isinstance(error, TaskNotFound):
        return GONE
    if isinstance(error, InvalidInput):
        return f"{FIELD_NAMES.get(error.field, error.field.capitalize())}: {error.reason}."
    return "That did not work. Please try again."


@user_scoped
class TaskListState(rx.State):
    """The open list, its page of rows, what narrows it, the counts and the bulk selection."""

    rows: list[TaskRow] = []
    total: int = 0
    offset: int = 0
    counts: dict[str, int] = {"today": 0, "upcoming": 0, "pending": 0, "completed": 0}
    tag_options: list[str] = []
    view: str = "all"
    priority: str = "any"
    query: str = ""
    sort: str = "newest"
    selecting: bool = False
    selected: list[int] = []
    filters_open: bool = False
    loaded: bool = False

    @rx.var
    def sections(self) -> list[Section]:
        """The rows under their headings (days in Today and Upcoming)."""
        return sections(self.rows)

    @rx.var
    def view_title(self) -> str:
        """The open list's name: ``Today``, ``Upcoming``, ``#home``."""
        return VIEW_TITLES.get(self.view, f"#{self.view.removeprefix('tag:')}")

    @rx.var
    def range_label(self) -> str:
        """``51–100 of 2,000``."""
        if not self.total:
            return "0 of 0"
        return f"{self.offset + 1}–{min(self.offset + PAGE_SIZE, self.total)} of {self.total:,}"

    @rx.var
    def has_prev(self) -> bool:
        """Whether an earlier page exists."""
        return self.offset > 0

    @rx.var
    def has_next(self) -> bool:
        """Whether a later page exists."""
        return self.offset + PAGE_SIZE < self.total

    @rx.var
    def filtered(self) -> bool:
        """Whether a search or a priority narrows the list."""
        return self.priority != "any" or bool(self.query.strip())

    @rx.var
    def all_selected(self) -> bool:
        """Whether every row of this page is selected."""
        return bool(self.rows) and all(row.id in self.selected for row in self.rows)

    def _load(self, actor: Actor) -> None:
        now = utcnow()
        chosen = view_query(self.view, actor.timezone, now)
        chosen.setdefault("sort", self.sort)
        priority = None if self.priority == "any" else self.priority
        with session_scope() as session:
            page = service.list_tasks(
                session=session, actor=actor, query=self.query or None, priority=priority,
                limit=PAGE_SIZE, offset=self.offset, now=now, **chosen,
            )
            self.counts = _counts(session, actor, now)
            self.tag_options = service.known_tags(session=session, actor=actor)
        if self.offset and not page.tasks and page.total:
            self.offset = max(0, (page.total - 1) // PAGE_SIZE * PAGE_SIZE)
            return self._load(actor)
        self.rows = [task_row(task, actor.timezone, now, self.view) for task in page.tasks]
        self.total = page.total or 0
        visible = {row.id for row in self.rows}
        self.selected = [i for i in self.selected if i in visible]
        self.loaded = True
        return None

    @rx.event
    @signed_in
    def refresh(self, actor: Actor) -> rx.event.EventSpec | None:
        """Read the visible page, the counts and the known tags again."""
        try:
            self._load(actor)
        except InvalidInput as error:
            self.query = ""
            return rx.toast.error(explain(error))
        return None

    @rx.event
    async def open_page(self) -> rx.event.EventSpec | None:
        """On load: the first page, nothing selected."""
        self.selected, self.selecting, self.offset = [], False, 0
        return await self.refresh()

    @rx.event
    async def show(self, view: str) -> rx.event.EventSpec | None:
        """Open a list: ``today``, ``upcoming``, ``all``, ``completed`` or ``tag:<tag>``."""
        if not valid_view(str(view)):
            return None
        self.view, self.offset, self.selected, self.filters_open = str(view), 0, [], False
        return await self.refresh()

    @rx.event
    async def set_filter(self, name: str, value: str) -> rx.event.EventSpec | None:
        """Change the priority filter or the sort order and show the first page."""
        if value not in FILTERS.get(name, ()):
            return None
        setattr(self, name, value)
        self.offset = 0
        return await self.refresh()

    @rx.event
    async def search(self, text: str) -> rx.event.EventSpec | None:
        """Filter by words in the title or notes (debounced by the page)."""
        self.query, self.offset = str(text)[: service.QUERY_MAX], 0
        return await self.refresh()

    @rx.event
    async def clear_filters(self) -> list[rx.event.EventSpec]:
        """Drop the search and the priority filter."""
        self.priority, self.query, self.offset = "any", "", 0
        problem = await self.refresh()
        return [rx.set_value("task-search", ""), *([problem] if problem else [])]

    @rx.event
    async def turn_page(self, step: int) -> rx.event.EventSpec | None:
        """Go ``step`` pages forward (or back when negative)."""
        self.offset = max(0, self.offset + int(step) * PAGE_SIZE)
        return await self.refresh()

    @rx.event
    def toggle_filters(self) -> None:
        """Show or hide the search and filters (phones)."""
        self.filters_open = not self.filters_open

    @rx.event
    def toggle_selecting(self) -> None:
        """Enter or leave bulk-select mode (leaving it drops the selection)."""
        self.selecting, self.selected = not self.selecting, []

    @rx.event
    def toggle_selected(self, task_id: int, on: bool) -> None:
        """Add a row to, or take it out of, the selection."""
        rest = [i for i in self.selected if i != task_id]
        self.selected = [*rest, task_id] if on else rest

    @rx.event
    def select_page(self, on: bool) -> None:
        """Select every row of this page, or none."""
        self.selected = [row.id for row in self.rows] if on else []


def _counts(session: Any, actor: Actor, now: datetime) -> dict[str, int]:
    def count(view: str) -> int:
        chosen = {**view_query(view, actor.timezone, now), "sort": "newest"}
        if view == "all":
            chosen["status"] = "pending"
        page = service.list_tasks(session=session, actor=actor, limit=1, now=now, **chosen)
        return page.total or 0

    return {"today": count("today"), "upcoming": count("upcoming"), "pending": count("all"),
            "completed": count("completed")}
