"""Quick add: one line in the chat's grammar, and a live preview of what it understood."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.forms import error_callout
from todo_reflex.states.task_form import QUICK_ADD, TaskFormState

EXAMPLE = "Call plumber tomorrow 4pm p1 #home"
PRIORITY_SCHEMES = (("high", "red"), ("medium", "orange"), "blue")


def _chip(icon: str, text: rx.Var[str], scheme: str | rx.Var[str], kind: str) -> rx.Component:
    return rx.badge(rx.icon(icon, size=12), text, color_scheme=scheme, variant="soft",
                    size="2", radius="full", custom_attrs={"data-chip": kind})


def _preview() -> rx.Component:
    """Chips for the parts the line understood: date, priority, tags, repeat, reminder."""
    shown = TaskFormState.preview
    return rx.flex(
        rx.text("Will add", size="1", style=styles.muted),
        rx.foreach(shown.titles, lambda title: rx.text(title, size="2", weight="bold",
                                                       class_name="preview-title")),
        rx.cond(shown.due != "", _chip("calendar", shown.due, "grass", "date")),
        rx.cond(shown.priority != "", _chip(
            "flag", shown.priority, rx.match(shown.priority_level, *PRIORITY_SCHEMES),
            "priority")),
        rx.foreach(shown.tags, lambda tag: _chip("hash", tag, "violet", "tag")),
        rx.cond(shown.repeat != "", _chip("repeat", shown.repeat, "cyan", "repeat")),
        rx.cond(shown.reminder != "", _chip("bell", shown.reminder, "amber", "reminder")),
        gap="0.4rem", wrap="wrap", align="center",
        role="status", aria_label="Quick add preview", aria_live="polite",
    )


def _hint() -> rx.Component:
    return rx.text(
        "Type naturally: ", rx.code(EXAMPLE, variant="ghost"),
        " — dates, times, p1–p4, #tags and “every …” are understood.",
        size="1", style=styles.muted,
    )


def task_form() -> rx.Component:
    """The quick-add line (Enter adds, Escape leaves) with its preview or a hint."""
    return rx.form(
        rx.el.label("New task", html_for=QUICK_ADD, style=styles.visually_hidden),
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("plus", size=18)),
                rx.input.slot(rx.el.kbd("q", style=styles.kbd), side="right",
                              display=["none", "none", "flex"]),
                id=QUICK_ADD, name="title", size="3", auto_complete="off", flex="1",
                min_width="0", placeholder="Add a task… e.g. “Pay rent friday p1 #home”",
                on_change=TaskFormState.read_draft.debounce(150),
            ),
            rx.button("Add task", type="submit", size="3"),
            width="100%", align="center",
        ),
        rx.cond(TaskFormState.preview.titles.length() > 0, _preview(), _hint()),
        error_callout(TaskFormState.error),
        id="task-add-form",
        on_submit=TaskFormState.add,
        reset_on_submit=False,
        aria_label="Add a task",
        style={**styles.card, **styles.text_field, **styles.quick_add},
    )
