"""``/tasks``: the full task manager."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.shell import template
from todo_reflex.components.task_filters import task_counts, task_filters
from todo_reflex.components.task_form import task_form
from todo_reflex.components.task_list import task_list
from todo_reflex.states.tasks import TaskListState


@template(route=routes.TASKS, title="Tasks", on_load=[TaskListState.open_page])
def tasks_page() -> rx.Component:
    """Add, find, edit and finish tasks."""
    return rx.vstack(
        rx.flex(
            rx.heading("Tasks", size="7", as_="h1"),
            rx.spacer(),
            task_counts(),
            gap="0.75rem",
            wrap="wrap",
            align="center",
            width="100%",
        ),
        task_form(),
        task_filters(),
        task_list(),
        spacing="4",
        width="100%",
        max_width=styles.CONTENT_MAX,
        margin="0 auto",
        padding=["1rem 0.75rem", "1.5rem 1rem", "2rem 1.5rem"],
    )
