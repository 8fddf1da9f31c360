"""The `/tasks` list: one server-side page of a named list (Today, Upcoming, …), its counts.

What the list shows lives in the URL (``/tasks?view=upcoming&tag=work``): an event that changes
the view or a filter navigates, and the page's load event reads the address, so reload, back
and a shared link keep it. Every event re-verifies the browser's token and calls the task
service directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any, TypeVar

import reflex as rx

from todo_reflex import routes
from todo_reflex.core import tasks as service
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import DomainError, InvalidInput, StaleVersion, TaskNotFound
from todo_reflex.core.limits import TAG_PATTERN
from todo_reflex.core.models import utcnow
from todo_reflex.core.task_lists import (
    PRIORITY_FILTERS,
    SORTS,
    VIEWS,
    ListAddress,
    Section,
    TaskRow,
    read_address,
    sections,
    task_row,
    view_query,
)
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped

PAGE_SIZE = 50
SEARCH_BOX = "task-search"
FIELD_NAMES = {"title": "Title", "due": "Due date", "tags": "Tags", "priority": "Priority",
               "repeat": "Repeat", "query": "Search", "description": "Notes",
               "reminders": "Reminder"}
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
    view: str = "today"
    tag: str = ""
    priority: str = "any"
    query: str = ""
    sort: str = "newest"
    selecting: bool = False
    selected: list[int] = []
    filters_open: bool = False
    loaded: bool = False
    _typed: bool = False
    """The next load follows a search typed in the box (which already holds the words)."""

    @rx.var
    def sections(self) -> list[Section]:
        """The rows under their headings (days in Today and Upcoming)."""
        return sections(self.rows)

    @rx.var
    def view_title(self) -> str:
        """The open list's name: ``Today``, ``#home``, ``Upcoming · #work``."""
        name = VIEW_TITLES.get(self.view, "Tasks")
        if not self.tag:
            return name
        return f"#{self.tag}" if self.view == "all" else f"{name} · #{self.tag}"

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

    def _address(self) -> ListAddress:
        return ListAddress(view=self.view, tag=self.tag, priority=self.priority,
                           query=self.query, sort=self.sort)

    def _go(self, *, keep_history: bool = True, **changes: str) -> rx.event.EventSpec:
        """Navigate to this list with ``changes``; the page's load event shows it."""
        address = replace(self._address(), **changes)
        return rx.redirect(routes.TASKS + address.query_string(), replace=not keep_history)

    def _load(self, actor: Actor) -> None:
        now = utcnow()
        chosen = view_query(self.view, actor.timezone, now)
        chosen.setdefault("sort", self.sort)
        priority = None if self.priority == "any" else self.priority
        with session_scope() as session:
            page = service.list_tasks(
                session=session, actor=actor, query=self.query or None, priority=priority,
                tag=self.tag or None, limit=PAGE_SIZE, offset=self.offset, now=now, **chosen,
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
    async def open_page(self) -> list[rx.event.EventSpec]:
        """On load: the list the URL names (Today when it names none), its first page."""
        address = read_address(self.router.url.query_parameters)
        for name, value in asdict(address).items():
            setattr(self, name, value)
        typed, self._typed, self.offset = self._typed, False, 0
        if not typed:
            self.selected, self.selecting = [], False
        problem = await self.refresh()
        box = [] if typed else [rx.set_value(SEARCH_BOX, self.query)]
        return [*box, *([problem] if problem else [])]

    @rx.event
    def show(self, view: str) -> rx.event.EventSpec | None:
        """Open a list: ``today``, ``upcoming``, ``all`` or ``completed`` (any tag is dropped)."""
        if view not in VIEWS:
            return None
        self.filters_open = False
        return self._go(view=view, tag="")

    @rx.event
    def show_tag(self, tag: str) -> rx.event.EventSpec | None:
        """Open every task with one tag."""
        if not TAG_PATTERN.match(str(tag)):
            return None
        self.filters_open = False
        return self._go(view="all", tag=tag)

    @rx.event
    def set_filter(self, name: str, value: str) -> rx.event.EventSpec | None:
        """Change the priority filter, the sort order or the tag (``""``: any tag)."""
        allowed = {"priority": PRIORITY_FILTERS, "sort": SORTS}.get(str(name))
        if name == "tag" and (value == "any" or TAG_PATTERN.match(str(value))):
            return self._go(tag="" if value == "any" else str(value))
        return self._go(**{name: value}) if allowed and value in allowed else None

    @rx.event
    def search(self, text: str) -> rx.event.EventSpec:
        """Filter by words in the title or notes (debounced by the page; no history entry)."""
        self._typed = True
        return self._go(keep_history=False, query=str(text)[: service.QUERY_MAX])

    @rx.event
    def clear_filters(self) -> rx.event.EventSpec:
        """Drop the search and the priority filter."""
        return self._go(priority="any", query="")

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
        self.selected = _toggled(self.selected, task_id, bool(on))

    @rx.event
    def pick(self, task_id: int) -> None:
        """Select a row or let it go, entering select mode (the x key)."""
        self.selecting = True
        self.selected = _toggled(self.selected, task_id, task_id not in self.selected)

    @rx.event
    def select_page(self, on: bool) -> None:
        """Select every row of this page, or none."""
        self.selected = [row.id for row in self.rows] if on else []


def _toggled(selected: list[int], task_id: int, on: bool) -> list[int]:
    rest = [i for i in selected if i != task_id]
    return [*rest, task_id] if on else rest


def _counts(session: Any, actor: Actor, now: datetime) -> dict[str, int]:
    def count(view: str) -> int:
        chosen = {**view_query(view, actor.timezone, now), "sort": "newest"}
        if view == "all":
            chosen["status"] = "pending"
        page = service.list_tasks(session=session, actor=actor, limit=1, now=now, **chosen)
        return page.total or 0

    return {"today": count("today"), "upcoming": count("upcoming"), "pending": count("all"),
            "completed": count("completed")}
