"""What a row's buttons do on /tasks: tick, reopen, delete, bulk changes, each with Undo."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import reflex as rx

from todo_reflex.core import task_bulk
from todo_reflex.core import tasks as service
from todo_reflex.core.db import session_scope
from todo_reflex.core.display import describe_due
from todo_reflex.core.errors import DomainError
from todo_reflex.core.models import TaskPublic, utcnow
from todo_reflex.core.task_lists import TaskRow, mark_done
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped
from todo_reflex.states.tasks import TaskListState, call, explain

SETTLE_SECONDS = 1.2
"""How long a ticked row stays, checked and struck through, before the list moves it."""
TOAST_MS = 6000
UNDO_KEPT = 10


@user_scoped
class TaskActionsState(rx.State):
    """Tick, reopen and delete rows with undo; act on a bulk selection; clear completed."""

    _undo: dict[str, dict[str, Any]] = {}

    @rx.event
    @signed_in
    async def set_done(self, actor: Actor, task_id: int, version: int, done: bool) -> Any:
        """Tick a task (it stays a moment, struck through, then moves) or reopen it."""
        operation = service.complete_task if done else service.uncomplete_task
        try:
            task = call(actor, operation, task_id=task_id, expected_version=version)
        except DomainError as error:
            return [TaskListState.refresh, rx.toast.warning(explain(error))]
        if not done:
            return TaskListState.refresh
        listing = await self.get_state(TaskListState)
        if task.completed:
            listing.rows = mark_done(listing.rows, task_id, True)
            toast = self._undo_toast(f"Completed “{task.title}”", {"reopen": [task_id]})
        else:
            when = describe_due(task.due, style="panel", tz=actor.timezone, now=utcnow())
            before = next((_due_of(r) for r in listing.rows if r.id == task_id), "")
            listing.rows = mark_done(listing.rows, task_id, True)
            undo = {"fields": [[task_id, {"due": before}]]} if before else {}
            toast = self._undo_toast(f"Repeats — next due {when}", undo)
        return [toast, TaskActionsState.settle]

    @rx.event(background=True)
    async def settle(self) -> Any:
        """Read the list again a moment after a tick, so the row moves once it was seen done."""
        await asyncio.sleep(SETTLE_SECONDS)
        return TaskListState.refresh

    @rx.event
    @signed_in
    def delete(self, actor: Actor, task_id: int) -> Any:
        """Delete one task; the toast offers Undo."""
        try:
            gone = call(actor, service.delete_task, task_id=task_id)
        except DomainError as error:
            return [TaskListState.refresh, rx.toast.warning(explain(error))]
        return [TaskListState.refresh, self._deleted_toast(gone)]

    @rx.event
    @signed_in
    async def bulk(self, actor: Actor, action: str, value: str = "") -> Any:
        """Complete, delete, date, prioritise or tag every selected task; the toast has Undo."""
        listing = await self.get_state(TaskListState)
        ids = list(listing.selected)
        try:
            with session_scope() as session:
                result = task_bulk.apply(session=session, actor=actor, task_ids=ids,
                                         action=str(action), value=str(value))
        except DomainError as error:
            return rx.toast.warning(explain(error))
        listing.selected, listing.selecting = [], False
        if not result.changed:
            return [TaskListState.refresh, rx.toast.info("Nothing to change.")]
        return [TaskListState.refresh, self._undo_toast(result.message, result.undo)]

    @rx.event
    async def bulk_submit(self, form: dict[str, Any]) -> Any:
        """A bulk change from one of the toolbar's small forms (its ``action`` and ``value``)."""
        return await self.bulk(str(form.get("action", "")), str(form.get("value", "")))

    @rx.event
    @signed_in
    def undo(self, actor: Actor, key: str) -> Any:
        """Take back a tick, a repeat's move, a delete or a bulk change (numbers are kept)."""
        saved = self._undo.pop(str(key), None)
        if saved is None:
            return rx.toast.info("Nothing to undo.")
        try:
            with session_scope() as session:
                count = task_bulk.revert(session=session, actor=actor, undo=saved)
        except DomainError as error:
            return [TaskListState.refresh, rx.toast.warning(explain(error))]
        said = f"Undone: {saved['said']}" if count else "Nothing left to undo."
        return [TaskListState.refresh, rx.toast.success(said)]

    @rx.event
    @signed_in
    def clear_completed(self, actor: Actor) -> Any:
        """Delete every completed task (the page asks first); Undo brings up to 500 back."""
        with session_scope() as session:
            done = service.list_tasks(session=session, actor=actor, status="completed",
                                      limit=service.MAX_PAGE, with_total=False)
            count = service.clear_completed(session=session, actor=actor)
        numbers = [task.id for task in done.tasks]
        text = f"Cleared {task_bulk.plural(count)}"
        if count > len(numbers):
            return [TaskListState.refresh, rx.toast.success(text)]
        return [TaskListState.refresh, self._undo_toast(text, {"restore": numbers})]

    def _deleted_toast(self, gone: TaskPublic) -> rx.event.EventSpec:
        return self._undo_toast(f"Deleted “{gone.title}”", {"restore": [gone.id]})

    def _undo_toast(self, text: str, change: dict[str, Any]) -> rx.event.EventSpec:
        if not change:
            return rx.toast.info(text)
        key = secrets.token_hex(6)
        saved = {**change, "said": text}
        self._undo = {**dict(list(self._undo.items())[1 - UNDO_KEPT:]), key: saved}
        return rx.toast(text, duration=TOAST_MS, close_button=True,
                        action={"label": "Undo", "on_click": TaskActionsState.undo(key)})


def _due_of(row: TaskRow) -> str:
    """The row's due value as the service takes it (what a repeat's undo puts back)."""
    return row.due_date + (f"T{row.due_time}" if row.due_time else "")

