"""``/tasks``: the full task manager.

Wide screens: the lists in a column, quick add, filters and the list beside it. Phones: the
list first; quick add opens from a round button, the filters from a Filters button.
"""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.shell import template
from todo_reflex.components.task_filters import filters_button, task_filters
from todo_reflex.components.task_form import task_form
from todo_reflex.components.task_list import task_list
from todo_reflex.components.task_shortcuts import (
    CLOSE_QUICK_ADD,
    OPEN_QUICK_ADD,
    install_shortcuts,
    shortcuts_sheet,
)
from todo_reflex.components.task_views import task_views
from todo_reflex.states.task_form import TaskFormState
from todo_reflex.states.tasks import TaskListState


def _quick_add() -> rx.Component:
    """Quick add: at the top on wide screens, a sheet over the list's foot on phones."""
    on_phone = rx.cond(TaskFormState.compose_open, "block", "none")
    return rx.box(
        rx.hstack(
            rx.text("New task", weight="bold"), rx.spacer(),
            rx.icon_button(rx.icon("x", size=16), variant="ghost", color_scheme="gray",
                           aria_label="Close quick add", id=CLOSE_QUICK_ADD,
                           on_click=TaskFormState.toggle_compose),
            display=["flex", "flex", "none"], align="center", margin_bottom="0.5rem",
        ),
        task_form(),
        display=[on_phone, on_phone, "block"],
        style=styles.quick_add_sheet,
    )


def _add_button() -> rx.Component:
    closed = rx.cond(TaskFormState.compose_open, "none", "flex")
    return rx.icon_button(
        rx.icon("plus", size=26), id=OPEN_QUICK_ADD, size="4", radius="full",
        aria_label="Open quick add", on_click=TaskFormState.toggle_compose,
        display=[closed, closed, "none"],
        style=styles.fab,
    )


def _header() -> rx.Component:
    return rx.hstack(
        rx.heading("Tasks", size="7", as_="h1"),
        rx.spacer(),
        filters_button(),
        shortcuts_sheet(),
        align="center", width="100%",
    )


@template(route=routes.TASKS, title="Tasks", on_load=[TaskListState.open_page])
def tasks_page() -> rx.Component:
    """Add, find, edit and finish tasks."""
    return rx.box(
        _header(),
        rx.flex(
            task_views(),
            rx.vstack(_quick_add(), task_filters(), task_list(),
                      spacing="3", flex="1", min_width="0", width="100%"),
            direction=rx.breakpoints(initial="column", md="row"),
            gap="1rem", width="100%", align="start",
        ),
        _add_button(),
        on_mount=install_shortcuts(),
        style=styles.tasks_page,
    )
