"""Quick add (the chat's grammar, previewed as chips) and the inline editor of one row."""

from __future__ import annotations

from typing import Any

import reflex as rx

from todo_reflex.assistant.quick_add import Preview, QuickAdd, parse_quick_add, preview
from todo_reflex.core import dates
from todo_reflex.core import tasks as service
from todo_reflex.core.db import session_scope
from todo_reflex.core.display import REMINDER_PRESETS, REPEAT_PRESETS, split_tag_text
from todo_reflex.core.errors import DomainError, InvalidInput, StaleVersion, TaskNotFound
from todo_reflex.core.limits import TITLE_MAX
from todo_reflex.core.models import TaskCreate, TaskUpdate, utcnow
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped
from todo_reflex.states.tasks import TaskListState, call, explain

QUICK_ADD = "quick-add"
DRAFT_MAX = 1000
FOCUS_QUICK_ADD = f"setTimeout(() => document.getElementById('{QUICK_ADD}')?.focus(), 60)"


def compose_due(form: dict[str, Any]) -> str:
    """``2026-11-27`` or ``2026-11-27T17:00`` from the date and time pickers; ``""`` for none."""
    day = str(form.get("due_date") or "").strip()
    clock = str(form.get("due_time") or "").strip()
    if clock and not day:
        raise InvalidInput("due", "pick a date to go with the time")
    return f"{day}T{clock}" if clock else day


def _in_view(parsed: QuickAdd, view: str, tag: str, actor: Actor) -> QuickAdd:
    """Todoist's habit: a task added in Today or Upcoming is due today, in a tag's list tagged.

    The preview shows both before anything is saved.
    """
    today = dates.local_today(actor.timezone, utcnow())
    for task in parsed.tasks:
        if view in ("today", "upcoming") and not task.get("due"):
            task["due"] = today.isoformat()
        if tag and tag not in task.get("tags", []):
            task["tags"] = [*task.get("tags", []), tag]
    return parsed


@user_scoped
class TaskFormState(rx.State):
    """The quick-add line's preview and error, and which row is being edited."""

    draft: str = ""
    preview: Preview = Preview()
    error: str = ""
    compose_open: bool = False
    editing_id: int = 0
    edit_error: str = ""

    async def _parse(self, actor: Actor, text: str) -> QuickAdd:
        listing = await self.get_state(TaskListState)
        parsed = parse_quick_add(text, actor.timezone, utcnow())
        return _in_view(parsed, listing.view, listing.tag, actor)

    @rx.event
    @signed_in
    async def read_draft(self, actor: Actor, text: str) -> None:
        """Show what the quick-add line means, as the user types (debounced by the page)."""
        self.draft, self.error = str(text)[:DRAFT_MAX], ""
        self.preview = preview(await self._parse(actor, self.draft), actor.timezone, utcnow())

    @rx.event
    @signed_in
    async def add(self, actor: Actor, form: dict[str, Any]) -> Any:
        """Add what the line says; on a problem say what and keep the line as typed."""
        text = str(form.get("title", ""))[:DRAFT_MAX]
        parsed = await self._parse(actor, text)
        try:
            if parsed.empty:
                raise InvalidInput("title", "type what needs doing (dates and #tags alone "
                                            "are not a task)")
            if len(text.strip()) > TITLE_MAX and any(len(t["title"]) >= TITLE_MAX
                                                     for t in parsed.tasks):
                raise InvalidInput("title", f"must be at most {TITLE_MAX} characters")
            with session_scope() as session:
                made = [service.add_task(session=session, actor=actor, data=TaskCreate(**task))
                        for task in parsed.tasks]
        except DomainError as error:
            self.draft, self.error = text, explain(error)
            return None
        self.draft, self.error, self.preview, self.compose_open = "", "", Preview(), False
        what = f"“{made[0].title}”" if len(made) == 1 else f"{len(made)} tasks"
        return [rx.set_value(QUICK_ADD, ""), rx.set_focus(QUICK_ADD), TaskListState.refresh,
                rx.toast.success(f"Added {what}")]

    @rx.event
    def toggle_compose(self) -> rx.event.EventSpec | None:
        """Open (and focus) or close the add sheet (phones)."""
        self.compose_open = not self.compose_open
        return rx.call_script(FOCUS_QUICK_ADD) if self.compose_open else None

    @rx.event
    def start_edit(self, task_id: int) -> None:
        """Open a row's inline editor."""
        self.editing_id, self.edit_error = task_id, ""

    @rx.event
    def cancel_edit(self) -> None:
        """Close the inline editor without saving."""
        self.editing_id, self.edit_error = 0, ""

    @rx.event
    @signed_in
    def save_edit(self, actor: Actor, form: dict[str, Any]) -> Any:
        """Save the inline editor; a task changed elsewhere is reloaded instead of overwritten."""
        repeat = str(form.get("repeat") or "none")
        reminder = REMINDER_PRESETS.get(str(form.get("reminder") or "none"))  # custom: kept
        try:
            due = compose_due(form)
            if reminder and not due:
                raise InvalidInput("reminders", "pick a due date: the reminder counts back "
                                                "from it")
            data = TaskUpdate(
                title=str(form.get("title", "")), due=due,
                description=str(form.get("description", "")),
                priority=str(form.get("priority") or "none"),
                tags=split_tag_text(str(form.get("tags", ""))),
                repeat=REPEAT_PRESETS.get(repeat),  # 'custom' keeps the rule
                reminders=reminder,
            )
            version = int(form["version"]) if str(form.get("version", "")).isdigit() else None
            call(actor, service.update_task, task_id=self.editing_id, data=data,
                 expected_version=version)
        except (StaleVersion, TaskNotFound) as error:
            self.editing_id = 0
            return [TaskListState.refresh, rx.toast.warning(explain(error))]
        except DomainError as error:
            self.edit_error = explain(error)
            return None
        self.editing_id, self.edit_error = 0, ""
        return [TaskListState.refresh, rx.toast.success("Saved")]
