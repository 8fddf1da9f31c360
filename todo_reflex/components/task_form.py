"""The add-task card: a title line that submits on Enter, and the details under it."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.forms import error_callout
from todo_reflex.components.task_controls import PRIORITY_OPTIONS, REPEAT_OPTIONS, choice, labelled
from todo_reflex.states.task_form import ADD_FORM, TaskFormState


def _details() -> rx.Component:
    return rx.flex(
        labelled("Due date", rx.input(type="date", name="due_date", id="task-due-date",
                                      width="100%"), html_for="task-due-date"),
        labelled("Time", rx.input(type="time", name="due_time", id="task-due-time",
                                  width="100%"), html_for="task-due-time", min_width="6.5rem"),
        labelled("Priority", choice("Priority", PRIORITY_OPTIONS, value=TaskFormState.priority,
                                    on_change=lambda v: TaskFormState.choose("priority", v))),
        labelled("Tags", rx.input(name="tags", id="task-tags", placeholder="work, home",
                                  width="100%"), html_for="task-tags", min_width="9rem"),
        labelled("Repeat", choice("Repeat", REPEAT_OPTIONS, value=TaskFormState.repeat,
                                  on_change=lambda v: TaskFormState.choose("repeat", v))),
        gap="0.75rem",
        wrap="wrap",
        width="100%",
    )


def task_form() -> rx.Component:
    """Add a task: title, due date and time, priority, tags and a repeat preset."""
    return rx.form(
        rx.vstack(
            rx.el.label("New task", html_for="task-title", style=styles.visually_hidden),
            rx.hstack(
                rx.input(
                    rx.input.slot(rx.icon("plus", size=18)),
                    id="task-title", name="title", placeholder="Add a task…", size="3",
                    auto_complete="off", flex="1", min_width="0",
                ),
                rx.button("Add task", type="submit", size="3"),
                width="100%",
                align="center",
            ),
            _details(),
            error_callout(TaskFormState.error),
            spacing="3",
            width="100%",
        ),
        id=ADD_FORM,
        on_submit=TaskFormState.add,
        reset_on_submit=False,
        style={**styles.card, **styles.text_field},
        aria_label="Add a task",
    )
