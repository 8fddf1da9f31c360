"""A row's inline editor: title, notes, date and time, priority, tags, repeat and reminder.

Enter saves (Ctrl/⌘+Enter from the notes), Escape closes without saving.
"""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.forms import error_callout
from todo_reflex.components.task_controls import (
    PRIORITY_OPTIONS,
    REMINDER_OPTIONS,
    REPEAT_OPTIONS,
    choice,
    labelled,
)
from todo_reflex.core.task_lists import TaskRow
from todo_reflex.states.task_form import TaskFormState

CUSTOM = [("custom", "Custom (kept)")]


def _preset(label: str, name: str, options: list[tuple[str, str]], current) -> rx.Component:
    """A select of presets; a value set elsewhere (the chat, MCP) shows as "Custom (kept)"."""
    shown = rx.cond(current == "custom", [*options, *CUSTOM], options)
    return rx.select.root(
        rx.select.trigger(aria_label=label, width="100%"),
        rx.select.content(rx.foreach(shown, lambda o: rx.select.item(o[1], value=o[0]))),
        name=name, default_value=current,
    )


def _fields(row: TaskRow) -> rx.Component:
    return rx.flex(
        labelled("Due date", rx.input(type="date", name="due_date", id="edit-date",
                                      default_value=row.due_date), html_for="edit-date"),
        labelled("Time", rx.input(type="time", name="due_time", id="edit-time",
                                  default_value=row.due_time), html_for="edit-time",
                 min_width="6.5rem"),
        labelled("Priority", choice("Priority", PRIORITY_OPTIONS, name="priority",
                                    default_value=row.priority)),
        labelled("Repeat", _preset("Repeat", "repeat", REPEAT_OPTIONS, row.repeat)),
        labelled("Reminder", _preset("Reminder", "reminder", REMINDER_OPTIONS, row.reminder),
                 min_width="10rem"),
        labelled("Tags", rx.input(name="tags", id="edit-tags", default_value=row.tags_text,
                                  placeholder="work, home"), html_for="edit-tags"),
        gap="0.6rem", wrap="wrap", width="100%",
    )


def task_editor(row: TaskRow) -> rx.Component:
    """The form that replaces a row while it is edited."""
    return rx.form(
        rx.el.input(type="hidden", name="version", value=row.version),
        labelled("Title", rx.input(name="title", default_value=row.title, width="100%",
                                   id="edit-title", auto_focus=True, size="3"),
                 html_for="edit-title", min_width="100%"),
        labelled("Notes", rx.text_area(name="description", id="edit-notes",
                                       default_value=row.description, rows="3",
                                       placeholder="Details, links, a checklist…",
                                       width="100%", resize="vertical"),
                 html_for="edit-notes", min_width="100%"),
        _fields(row),
        error_callout(TaskFormState.edit_error),
        rx.hstack(
            rx.button("Save", type="submit"),
            rx.button("Cancel", type="button", variant="soft", color_scheme="gray",
                      id="edit-cancel", on_click=TaskFormState.cancel_edit),
            rx.text("Enter saves · Esc cancels", size="1", style=styles.muted),
            spacing="2", align="center", wrap="wrap",
        ),
        id="task-editor",
        on_submit=TaskFormState.save_edit,
        reset_on_submit=False,
        aria_label=f"Edit {row.title}",
        style={**styles.task_row, **styles.text_field, **styles.editor},
    )
