"""Adding a task and editing one in place: errors keep what was typed."""

from __future__ import annotations

from typing import Any

import reflex as rx

from todo_reflex.core import tasks as service
from todo_reflex.core.display import REPEAT_PRESETS, split_tag_text
from todo_reflex.core.errors import DomainError, InvalidInput, StaleVersion, TaskNotFound
from todo_reflex.core.models import PRIORITIES, TaskCreate, TaskUpdate
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped
from todo_reflex.states.tasks import TaskListState, call, explain

ADD_FORM = "task-add-form"
RESET_ADD_FORM = (
    f"document.getElementById('{ADD_FORM}')?.reset();"
    "document.getElementById('task-title')?.focus();"
)


def compose_due(form: dict[str, Any]) -> str:
    """``2026-11-27`` or ``2026-11-27T17:00`` from the date and time pickers; ``""`` for none."""
    day = str(form.get("due_date") or "").strip()
    clock = str(form.get("due_time") or "").strip()
    if clock and not day:
        raise InvalidInput("due", "pick a date to go with the time")
    return f"{day}T{clock}" if clock else day


@user_scoped
class TaskFormState(rx.State):
    """The add form's choices and error, and which row is being edited."""

    priority: str = "none"
    repeat: str = "none"
    error: str = ""
    editing_id: int = 0
    edit_error: str = ""

    @rx.event
    def choose(self, name: str, value: str) -> None:
        """Pick the new task's priority or repeat preset."""
        if name == "priority" and value in PRIORITIES:
            self.priority = value
        elif name == "repeat" and value in REPEAT_PRESETS:
            self.repeat = value

    @rx.event
    @signed_in
    def add(self, actor: Actor, form: dict[str, Any]) -> Any:
        """Create a task from the form; on a problem say what and keep the form as typed."""
        try:
            data = TaskCreate(
                title=str(form.get("title", "")), due=compose_due(form) or None,
                priority=self.priority, tags=split_tag_text(str(form.get("tags", ""))),
                repeat=REPEAT_PRESETS.get(self.repeat) or None,
            )
            task = call(actor, service.add_task, data=data)
        except DomainError as error:
            self.error = explain(error)
            return None
        self.error, self.priority, self.repeat = "", "none", "none"
        return [rx.call_script(RESET_ADD_FORM), TaskListState.refresh(True),
                rx.toast.success(f"Added “{task.title}”")]

    @rx.event
    def start_edit(self, task_id: int) -> None:
        """Open a row's inline editor."""
        self.editing_id, self.edit_error = task_id, ""

    @rx.event
    def cancel_edit(self) -> None:
        """Close the inline editor without saving."""
        self.editing_id, self.edit_error = 0, ""

    @rx.event
    def editor_key(self, key: str) -> None:
        """Escape closes the inline editor."""
        if key == "Escape":
            self.editing_id, self.edit_error = 0, ""

    @rx.event
    @signed_in
    def save_edit(self, actor: Actor, form: dict[str, Any]) -> Any:
        """Save the inline editor; a task changed elsewhere is reloaded instead of overwritten."""
        try:
            data = TaskUpdate(
                title=str(form.get("title", "")), due=compose_due(form),
                priority=str(form.get("priority") or "none"),
                tags=split_tag_text(str(form.get("tags", ""))),
            )
            version = int(form["version"]) if str(form.get("version", "")).isdigit() else None
            call(actor, service.update_task, task_id=self.editing_id, data=data,
                 expected_version=version)
        except (StaleVersion, TaskNotFound) as error:
            self.editing_id = 0
            return [TaskListState.refresh(True), rx.toast.warning(explain(error))]
        except DomainError as error:
            self.edit_error = explain(error)
            return None
        self.editing_id, self.edit_error = 0, ""
        return [TaskListState.refresh(True), rx.toast.success("Saved")]
