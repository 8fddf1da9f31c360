"""One task in the list: its round check, title, notes and details, edit and delete.

The title is a button: a click or tap opens the row's editor (as the pencil does, which phones
cannot hover to find), and it is what the j/k keys move between.
"""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.task_check import task_check
from todo_reflex.components.task_editor import task_editor
from todo_reflex.core.task_lists import TaskRow
from todo_reflex.states.task_actions import TaskActionsState
from todo_reflex.states.task_form import TaskFormState
from todo_reflex.states.tasks import TaskListState

ROW_SELECT = "row-select"
"""A hidden button per row that the x key clicks: select the row (entering select mode)."""


def _due_badge(row: TaskRow) -> rx.Component:
    return rx.match(
        row.due_state,
        ("none", rx.cond(row.due_label != "", rx.badge(
            rx.icon("calendar", size=12), row.due_label, color_scheme="gray", variant="soft"))),
        ("overdue", rx.badge(rx.icon("alarm-clock", size=12), "Overdue · ", row.due_label,
                             color_scheme="red", variant="soft")),
        ("today", rx.badge(rx.icon("calendar-clock", size=12), row.due_label,
                           color_scheme="grass", variant="soft")),
        rx.badge(rx.icon("calendar", size=12), row.due_label, color_scheme="violet",
                 variant="soft"),
    )


def _priority_badge(row: TaskRow) -> rx.Component:
    scheme = rx.match(row.priority, ("high", "red"), ("medium", "orange"), "blue")
    return rx.cond(
        row.priority != "none",
        rx.badge(rx.icon("flag", size=12), row.priority_label, color_scheme=scheme,
                 variant="surface"),
    )


def _tag(tag: str) -> rx.Component:
    return rx.button(f"#{tag}", size="1", variant="ghost", color_scheme="violet",
                     on_click=TaskListState.show_tag(tag),
                     aria_label=f"#{tag}: show only this tag")


def _details(row: TaskRow) -> rx.Component:
    return rx.flex(
        rx.text("#", row.id, size="1", class_name="task-number", style=styles.muted,
                title="The task's number: say it in the chat, e.g. \"complete 3\""),
        _due_badge(row),
        _priority_badge(row),
        rx.cond(row.repeat_label != "", rx.badge(rx.icon("repeat", size=12), row.repeat_label,
                                                 color_scheme="gray", variant="surface")),
        rx.cond(row.reminder_label != "", rx.badge(
            rx.icon("bell", size=12), row.reminder_label, color_scheme="amber", variant="surface",
            title="Reminder")),
        rx.foreach(row.tags, _tag),
        gap="0.4rem", wrap="wrap", align="center",
    )


def _select_box(row: TaskRow) -> rx.Component:
    return rx.cond(
        TaskListState.selecting,
        rx.checkbox(checked=TaskListState.selected.contains(row.id), size="2",
                    aria_label=f"Select {row.title}", margin_top="3px",
                    on_change=lambda on: TaskListState.toggle_selected(row.id, on)),
    )


def _text(row: TaskRow) -> rx.Component:
    return rx.vstack(
        rx.el.button(row.title, type="button", class_name="task-title",
                     title="Edit (e)", on_click=TaskFormState.start_edit(row.id),
                     style=styles.title_button),
        rx.cond(row.description != "", rx.text(
            row.description, size="2", class_name="task-notes", style=styles.task_notes)),
        _details(row),
        spacing="1", flex="1", min_width="0",
    )


def _view(row: TaskRow) -> rx.Component:
    return rx.hstack(
        _select_box(row),
        task_check(row.title, row.completed, row.priority,
                   TaskActionsState.set_done(row.id, row.version, ~row.completed)),
        _text(row),
        rx.hstack(
            rx.icon_button(rx.icon("pencil", size=16), variant="ghost", color_scheme="gray",
                           aria_label=f"Edit {row.title}",
                           on_click=TaskFormState.start_edit(row.id)),
            rx.icon_button(rx.icon("trash-2", size=16), variant="ghost", color_scheme="gray",
                           aria_label=f"Delete {row.title}",
                           on_click=TaskActionsState.delete(row.id)),
            rx.el.button(class_name=ROW_SELECT, type="button", tab_index=-1,
                         aria_hidden="true", display="none",
                         on_click=TaskListState.pick(row.id)),
            spacing="1", class_name="row-actions",
        ),
        align="start", spacing="3", width="100%",
        style=styles.task_row, role="listitem",
        custom_attrs={"data-testid": "task-row",
                      "data-done": rx.cond(row.completed, "true", "false")},
    )


def task_row(row: TaskRow) -> rx.Component:
    """A task, or its inline editor while it is being edited."""
    return rx.cond(TaskFormState.editing_id == row.id, task_editor(row), _view(row))
