"""The live task panel beside the chat: what is pending, read again after a turn that wrote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import reflex as rx
from sqlmodel import Session

from todo_reflex.core import tasks
from todo_reflex.core.db import session_or_own, session_scope
from todo_reflex.core.display import describe_due, describe_reminders, due_state
from todo_reflex.core.errors import DomainError
from todo_reflex.core.models import TaskPublic
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped

PANEL_SIZE = 30


@dataclass
class PanelTask:
    """A pending task as the panel shows it."""

    id: int
    title: str
    due: str
    priority: str
    tags: str
    overdue: bool
    repeats: bool
    reminder: str = ""


@dataclass
class PanelPage:
    """What the panel shows: the first pending tasks and how many are pending."""

    items: list[PanelTask]
    pending: int


def pending_page(actor: Actor, db: Session | None = None) -> PanelPage:
    """Read the panel's tasks for ``actor`` (the chat reads it at the end of a turn, in ``db``)."""
    with session_or_own(db, read_only=True) as session:
        page = tasks.list_tasks(
            session=session, actor=actor, status="pending", sort="due", limit=PANEL_SIZE
        )
    now = datetime.now(UTC)
    return PanelPage([_row(t, actor.timezone, now) for t in page.tasks], page.total)


def _row(task: TaskPublic, tz: str, now: datetime) -> PanelTask:
    return PanelTask(
        id=task.id, title=task.title, due=describe_due(task.due, style="panel", tz=tz, now=now),
        priority=task.priority, tags=" ".join(f"#{t}" for t in task.tags),
        overdue=due_state(task.due, tz, now) == "overdue", repeats=bool(task.repeat),
        reminder=describe_reminders(task, tz, now),
    )


@user_scoped
class TaskPanelState(rx.State):
    """Pending tasks, soonest due first, and how many there are."""

    items: list[PanelTask] = []
    pending: int = 0
    flash_id: int = 0

    @rx.event
    @signed_in
    def load(self, actor: Actor, db: Session) -> None:
        """Fill the panel when the chat opens."""
        show_panel(self, pending_page(actor, db))

    @rx.event
    @signed_in
    def complete(self, actor: Actor, task_id: int) -> rx.event.EventSpec:
        """Tick a task off from the panel."""
        try:
            with session_scope() as session:
                done = tasks.complete_task(session=session, actor=actor, task_id=task_id)
        except DomainError as error:
            show_panel(self, pending_page(actor))
            return rx.toast.error(error.message)
        show_panel(self, pending_page(actor))
        verb = "Moved to its next date" if not done.completed else "Completed"
        return rx.toast.success(f"{verb}: {done.title}")


def show_panel(panel: TaskPanelState, page: PanelPage, touched_id: int = 0) -> None:
    """Show a page read with :func:`pending_page`; ``touched_id`` is highlighted briefly."""
    panel.items, panel.pending, panel.flash_id = page.items, page.pending, touched_id
