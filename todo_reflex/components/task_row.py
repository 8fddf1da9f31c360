"""One task in the list: select, done, title and details, edit and delete; or its editor."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.forms import error_callout
from todo_reflex.components.task_controls import PRIORITY_OPTIONS, choice, labelled
from todo_reflex.core.display import TaskView
from todo_reflex.states.task_form import TaskFormState
from todo_reflex.states.tasks import TaskActionsState, TaskListState


def _due_badge(row: TaskView) -> rx.Component:
    return rx.match(
        row.due_state,
        ("none", rx.cond(row.due_label != "", rx.badge(
            rx.icon("calendar", size=12), row.due_label, color_scheme="gray", variant="soft"))),
        ("overdue", rx.badge(rx.icon("alarm-clock", size=12), "Overdue · ", row.due_label,
                             color_scheme="red", variant="solid")),
        ("today", rx.badge(rx.icon("calendar-clock", size=12), row.due_label,
                           color_scheme="amber", variant="solid", high_contrast=True)),
        rx.badge(rx.icon("calendar", size=12), row.due_label, color_scheme="gray",
                 variant="soft"),
    )


def _priority_badge(row: TaskView) -> rx.Component:
    scheme = rx.match(row.priority, ("high", "red"), ("medium", "orange"), "blue")
    return rx.cond(
        row.priority != "none",
        rx.badge(rx.icon("flag", size=12), row.priority_label, color_scheme=scheme,
                 variant="outline"),
    )


def _tag(tag: str) -> rx.Component:
    return rx.button(f"#{tag}", size="1", variant="ghost", color_scheme="violet",
                     on_click=TaskListState.set_filter("tag", tag),
                     aria_label=f"#{tag}: show only this tag")


def _details(row: TaskView) -> rx.Component:
    return rx.flex(
        _due_badge(row),
        _priority_badge(row),
        rx.cond(row.repeat_label != "", rx.badge(rx.icon("repeat", size=12), row.repeat_label,
                                                 color_scheme="gray", variant="outline")),
        rx.foreach(row.tags, _tag),
        gap="0.4rem",
        wrap="wrap",
        align="center",
    )


def _row_border(row: TaskView) -> rx.Var:
    return rx.match(row.due_state, ("overdue", rx.color("red", 9)),
                    ("today", rx.color("amber", 9)), "transparent")


def _view(row: TaskView) -> rx.Component:
    return rx.hstack(
        rx.checkbox(checked=TaskListState.selected.contains(row.id), color_scheme="gray",
                    variant="surface", aria_label=f"Select {row.title}",
                    on_change=lambda on: TaskListState.toggle_selected(row.id, on)),
        rx.checkbox(checked=row.completed, size="3", radius="full",
                    aria_label=f"Done: {row.title}",
                    on_change=lambda on: TaskActionsState.set_done(row.id, row.version, on)),
        rx.vstack(
            rx.text(row.title, weight="medium", style={"overflow_wrap": "anywhere"},
                    text_decoration=rx.cond(row.completed, "line-through", "none"),
                    color=rx.cond(row.completed, rx.color("gray", 10), rx.color("gray", 12))),
            _details(row),
            spacing="1", flex="1", min_width="0",
        ),
        rx.icon_button(rx.icon("pencil", size=16), variant="ghost", color_scheme="gray",
                       aria_label=f"Edit {row.title}",
                       on_click=TaskFormState.start_edit(row.id)),
        rx.icon_button(rx.icon("trash-2", size=16), variant="ghost", color_scheme="red",
                       aria_label=f"Delete {row.title}",
                       on_click=TaskActionsState.delete(row.id)),
        align="start", spacing="3", width="100%",
        style=styles.task_row, border_left_color=_row_border(row),
        custom_attrs={"data-testid": "task-row"},
    )


def _editor(row: TaskView) -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="version", value=row.version),
        rx.flex(
            labelled("Title", rx.input(name="title", default_value=row.title, width="100%",
                                       id="edit-title", auto_focus=True,
                                       on_key_down=TaskFormState.editor_key),
                     html_for="edit-title", min_width="min(100%, 16rem)", flex="3"),
            labelled("Due date", rx.input(type="date", name="due_date", id="edit-date",
                                          default_value=row.due_date), html_for="edit-date"),
            labelled("Time", rx.input(type="time", name="due_time", id="edit-time",
                                      default_value=row.due_time), html_for="edit-time",
                     min_width="6.5rem"),
            labelled("Priority", choice("Priority", PRIORITY_OPTIONS, name="priority",
                                        default_value=row.priority)),
            labelled("Tags", rx.input(name="tags", id="edit-tags", default_value=row.tags_text,
                                      placeholder="work, home",
                                      on_key_down=TaskFormState.editor_key), html_for="edit-tags"),
            gap="0.6rem", wrap="wrap", width="100%",
        ),
        error_callout(TaskFormState.edit_error),
        rx.hstack(
            rx.button("Save", type="submit"),
            rx.button("Cancel", type="button", variant="soft", color_scheme="gray",
                      on_click=TaskFormState.cancel_edit),
            spacing="2",
        ),
        on_submit=TaskFormState.save_edit,
        reset_on_submit=False,
        aria_label=f"Edit {row.title}",
        style={**styles.task_row, **styles.text_field, "display": "flex",
               "flex_direction": "column", "gap": "0.6rem",
               "background_color": rx.color("accent", 2)},
    )


def task_row(row: TaskView) -> rx.Component:
    """A task, or its inline editor while it is being edited."""
    return rx.cond(TaskFormState.editing_id == row.id, _editor(row), _view(row))
