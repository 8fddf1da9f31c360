"""The round check that completes a task: one look on the task page and in the chat's panel."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles


def task_check(title: rx.Var[str], done: rx.Var[bool], priority: rx.Var[str],
               on_click: rx.event.EventSpec) -> rx.Component:
    """A circle in the priority's colour, ticked when done; a checkbox to assistive tech."""
    return rx.el.button(
        rx.icon("check", size=13, stroke_width=3),
        role="checkbox",
        aria_checked=rx.cond(done, "true", "false"),
        aria_label=f"Done: {title}",
        title=rx.cond(done, "Mark as not done", "Mark as done"),
        type="button",
        on_click=on_click,
        style=styles.round_check,
        custom_attrs={"data-priority": priority},
    )
