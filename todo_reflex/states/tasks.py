"""The `/tasks` list: one server-side page of tasks, its filters, counts and selection.

Every event re-verifies the browser's token and calls the task service directly.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import reflex as rx

from todo_reflex.core import tasks as service
from todo_reflex.core.db import session_scope
from todo_reflex.core.display import TaskView, friendly_due, task_view
from todo_reflex.core.errors import DomainError, InvalidInput, StaleVersion, TaskNotFound
from todo_reflex.core.models import TaskCreate, TaskPublic, utcnow
from todo_reflex.core.tasks import Actor
from todo_reflex.core.validation import TAG_PATTERN
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped

PAGE_SIZE = 50
FILTERS = {
    "status": {"all", "pending", "completed"},
    "due": {"any", "today", "overdue", "this_week", "no_date"},
    "priority": {"any", "high", "medium", "low", "none"},
    "sort": {"newest", "due", "priority"},
}
FIELD_NAMES = {"title": "Title", "due": "Due date", "tags": "Tags", "priority": "Priority",
               "repeat": "Repeat", "query": "Search"}
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
    """The visible page of tasks, what filters it, the counts and the selected rows."""

    rows: list[TaskView] = []
    total: int = 0
    offset: int = 0
    counts: dict[str, int] = {"pending": 0, "completed": 0, "overdue": 0, "today": 0}
    tag_options: list[str] = []
    status: str = "all"
    due: str = "any"
    priority: str = "any"
    tag: str = "any"
    query: str = ""
    sort: str = "newest"
    selected: list[int] = []
    loaded: bool = False

    @rx.var
    def range_label(self) -> str:
        """``51–100 of 2,000``."""
        if not self.total:
            return "0 of 0"
        last = min(self.offset + PAGE_SIZE, self.total)
        return f"{self.offset + 1}–{last} of {self.total:,}"

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
        """Whether anything narrows the list."""
        narrowed = (self.status, self.due, self.priority, self.tag) != ("all", "any", "any", "any")
        return narrowed or bool(self.query.strip())

    @rx.var
    def all_selected(self) -> bool:
        """Whether every row of this page is selected."""
        return bool(self.rows) and all(row.id in self.selected for row in self.rows)

    def _load(self, actor: Actor, *, tags: bool) -> None:
        now = utcnow()
        wanted = {"priority": self.priority, "tag": self.tag}
        filters = {k: (None if v == "any" else v) for k, v in wanted.items()}
        with session_scope() as session:
            page = service.list_tasks(
                session=session, actor=actor, status=self.status, due=self.due,
                query=self.query or None, sort=self.sort, limit=PAGE_SIZE, offset=self.offset,
                now=now, **filters,
            )
            self.counts = _counts(session, actor, now)
            if tags:
                self.tag_options = service.known_tags(session=session, actor=actor)
        if self.offset and not page.tasks and page.total:
            self.offset = max(0, (page.total - 1) // PAGE_SIZE * PAGE_SIZE)
            return self._load(actor, tags=False)
        self.rows = [task_view(task, actor.timezone, now) for task in page.tasks]
        self.total = page.total
        visible = {row.id for row in self.rows}
        self.selected = [i for i in self.selected if i in visible]
        self.loaded = True
        return None

    @rx.event
    @signed_in
    def refresh(self, actor: Actor, tags: bool = False) -> rx.event.EventSpec | None:
        """Reload the visible page and the counts (and the known tags when asked)."""
        try:
            self._load(actor, tags=tags)
        except InvalidInput as error:
            self.query = ""
            return rx.toast.error(explain(error))
        return None

    @rx.event
    async def open_page(self) -> rx.event.EventSpec | None:
        """On load: the first page with known tags; a fresh selection."""
        self.selected, self.offset = [], 0
        return await self.refresh(tags=True)

    @rx.event
    async def set_filter(self, name: str, value: str) -> rx.event.EventSpec | None:
        """Change one of status/due/priority/sort/tag and show the first page."""
        allowed = FILTERS.get(name)
        if name == "tag":
            allowed = {"any", value} if TAG_PATTERN.match(value) else {"any"}
            if value != "any" and value in allowed and value not in self.tag_options:
                self.tag_options = sorted([*self.tag_options, value])
        if allowed is None or value not in allowed:
            return None
        setattr(self, name, value)
        self.offset = 0
        return await self.refresh()

    @rx.event
    async def search(self, text: str) -> rx.event.EventSpec | None:
        """Filter by words in the title or description (debounced by the page)."""
        self.query, self.offset = str(text)[: service.QUERY_MAX], 0
        return await self.refresh()

    @rx.event
    async def clear_filters(self) -> list[rx.event.EventSpec]:
        """Show every task again."""
        self.status, self.due, self.priority, self.tag, self.query = "all", "any", "any", "any", ""
        self.offset = 0
        problem = await self.refresh()
        return [rx.set_value("task-search", ""), *([problem] if problem else [])]

    @rx.event
    async def turn_page(self, step: int) -> rx.event.EventSpec | None:
        """Go ``step`` pages forward (or back when negative)."""
        self.offset = max(0, self.offset + int(step) * PAGE_SIZE)
        return await self.refresh()

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
    def count(**filters: Any) -> int:
        return service.list_tasks(session=session, actor=actor, limit=1, now=now, **filters).total

    return {
        "pending": count(status="pending"),
        "completed": count(status="completed"),
        "overdue": count(status="pending", due="overdue"),
        "today": count(status="pending", due="today"),
    }


@user_scoped
class TaskActionsState(rx.State):
    """Complete, reopen and delete rows (with undo), bulk actions and clearing completed."""

    _undo: dict[str, list[dict[str, Any]]] = {}

    @rx.event
    @signed_in
    def set_done(self, actor: Actor, task_id: int, version: int, done: bool) -> Any:
        """Complete or reopen one task (a repeating one moves to its next date instead)."""
        operation = service.complete_task if done else service.uncomplete_task
        try:
            task = call(actor, operation, task_id=task_id, expected_version=version)
        except DomainError as error:
            return [TaskListState.refresh, rx.toast.warning(explain(error))]
        if done and not task.completed:
            when = friendly_due(task.due, actor.timezone, utcnow())
            return [TaskListState.refresh, rx.toast.info(f"Repeats — next due {when}")]
        return TaskListState.refresh

    @rx.event
    @signed_in
    def delete(self, actor: Actor, task_id: int) -> Any:
        """Delete one task; the toast offers Undo."""
        try:
            gone = call(actor, service.delete_task, task_id=task_id)
        except DomainError as error:
            return [TaskListState.refresh, rx.toast.warning(explain(error))]
        return [TaskListState.refresh, self._undo_toast([gone])]

    @rx.event
    @signed_in
    async def bulk(self, actor: Actor, action: str) -> Any:
        """Complete or delete every selected task."""
        if action not in ("complete", "delete"):
            return None
        listing = await self.get_state(TaskListState)
        ids, listing.selected = list(listing.selected), []
        done: list[TaskPublic] = []
        with session_scope() as session:
            for task_id in ids:
                operation = service.delete_task if action == "delete" else service.complete_task
                try:
                    done.append(operation(session=session, actor=actor, task_id=task_id))
                except TaskNotFound:
                    continue
        if action == "delete":
            return [TaskListState.refresh, self._undo_toast(done)]
        return [TaskListState.refresh, rx.toast.success(f"Completed {_tasks(len(done))}")]

    @rx.event
    @signed_in
    def undo(self, actor: Actor, key: str) -> Any:
        """Re-create the tasks a delete removed (new ids, same details)."""
        saved = self._undo.pop(key, [])
        with session_scope() as session:
            for item in saved:
                old = TaskPublic.model_validate(item)
                data = TaskCreate(title=old.title, description=old.description, due=old.due,
                                  priority=old.priority, tags=old.tags, repeat=old.repeat)
                task = service.add_task(session=session, actor=actor, data=data)
                if old.completed and not old.repeat:
                    service.complete_task(session=session, actor=actor, task_id=task.id)
        message = f"Restored {_tasks(len(saved))}" if saved else "Nothing to undo."
        return [TaskListState.refresh(True), rx.toast.success(message)]

    @rx.event
    @signed_in
    def clear_completed(self, actor: Actor) -> Any:
        """Delete every completed task (the page asks for confirmation first)."""
        count = call(actor, service.clear_completed)
        return [TaskListState.refresh(True), rx.toast.success(f"Cleared {_tasks(count)}")]

    def _undo_toast(self, gone: list[TaskPublic]) -> rx.event.EventSpec:
        key = secrets.token_hex(6)
        self._undo = {**dict(list(self._undo.items())[-9:]), key: [
            task.model_dump(mode="json") for task in gone]}
        what = f"“{gone[0].title}”" if len(gone) == 1 else _tasks(len(gone))
        return rx.toast(f"Deleted {what}", duration=8000, close_button=True,
                        action={"label": "Undo", "on_click": TaskActionsState.undo(key)})


def _tasks(count: int) -> str:
    return "1 task" if count == 1 else f"{count:,} tasks"
