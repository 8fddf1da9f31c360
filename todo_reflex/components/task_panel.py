"""The task panel beside the chat: pending tasks that update as the assistant works."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.task_check import task_check
from todo_reflex.states.task_panel import PanelTask, TaskPanelState

PRIORITY_COLORS = {"high": "red", "medium": "amber", "low": "blue"}


def _priority(priority: rx.Var[str]) -> rx.Component:
    return rx.cond(
        priority != "none",
        rx.badge(priority, color_scheme=rx.match(priority, ("high", "red"), ("medium", "amber"),
                                                 "blue"), size="1", variant="soft"),
    )


def panel_task(task: PanelTask) -> rx.Component:
    """One pending task with a tick box, its due date, priority and tags."""
    return rx.hstack(
        task_check(task.title, False, task.priority, TaskPanelState.complete(task.id)),
        rx.vstack(
            rx.text(task.title, size="2", weight="medium", style={"overflow_wrap": "anywhere"}),
            rx.hstack(
                rx.cond(task.due != "", rx.text(
                    rx.cond(task.overdue, "Overdue · ", ""), task.due, size="1",
                    color=rx.cond(task.overdue, rx.color("red", 11), rx.color("gray", 11)),
                    weight=rx.cond(task.overdue, "medium", "regular"))),
                rx.cond(task.repeats, rx.icon("repeat", size=12, aria_label="repeats")),
                rx.cond(task.reminder != "", rx.tooltip(
                    rx.icon("bell", size=12, aria_label="Reminder " + task.reminder,
                            class_name="panel-reminder"),
                    content="Reminder " + task.reminder)),
                _priority(task.priority),
                rx.text(task.tags, size="1", color=rx.color("accent", 11)),
                spacing="2", align="center", wrap="wrap",
            ),
            spacing="1", flex="1", min_width="0",
        ),
        align="start", width="100%", padding="0.5rem", border_radius="var(--radius-3)",
        background_color=rx.cond(TaskPanelState.flash_id == task.id, rx.color("accent", 3),
                                 "transparent"),
        transition="background-color 0.6s",
    )


def task_panel() -> rx.Component:
    """Pending tasks, soonest due first."""
    return rx.vstack(
        rx.hstack(
            rx.heading("Pending", size="3", as_="h2"),
            rx.badge(TaskPanelState.pending, radius="full", variant="soft"),
            rx.spacer(),
            rx.link("All tasks", href=routes.TASKS, size="2"),
            align="center", width="100%",
        ),
        rx.cond(
            TaskPanelState.items.length() > 0,
            rx.vstack(rx.foreach(TaskPanelState.items, panel_task), spacing="1", width="100%"),
            rx.text("Nothing pending. Ask me to add something!", size="2", style=styles.muted),
        ),
        spacing="3", width="100%",
        aria_label="Pending tasks", role="region",
    )
