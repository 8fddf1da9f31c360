"""The lists of the task page: Today, Upcoming, All, Completed and one per tag.

A column beside the list on wide screens, a row of pills that scrolls sideways on phones.
"""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.states.tasks import TaskListState

VIEWS = [
    ("today", "Today", "sun", "today"),
    ("upcoming", "Upcoming", "calendar-days", "upcoming"),
    ("all", "All tasks", "inbox", "pending"),
    ("completed", "Completed", "circle-check", "completed"),
]


def _link(label: str | rx.Var[str], icon: str, current: rx.Var[bool],
          on_click: rx.event.EventSpec, count: rx.Var[int] | None = None) -> rx.Component:
    number = rx.fragment() if count is None else rx.cond(
        count > 0, rx.text(count, size="1", class_name="view-count"))
    return rx.el.button(
        rx.icon(icon, size=16),
        rx.text(label, flex="1", text_align="left", style=styles.one_line),
        number,
        type="button",
        on_click=on_click,
        aria_current=rx.cond(current, "page", "false"),
        style=styles.view_link,
    )


def _tag_link(tag: rx.Var[str]) -> rx.Component:
    current = (TaskListState.view == "all") & (TaskListState.tag == tag)
    return _link("#" + tag, "hash", current, TaskListState.show_tag(tag))


def task_views() -> rx.Component:
    """Every list, with how many pending tasks each of the fixed ones holds."""
    return rx.el.nav(
        *[_link(label, icon, (TaskListState.view == view) & (TaskListState.tag == ""),
                TaskListState.show(view), TaskListState.counts[key])
          for view, label, icon, key in VIEWS],
        rx.cond(
            TaskListState.tag_options.length() > 0,
            rx.fragment(
                rx.text("Tags", size="1", weight="medium", style=styles.view_caption),
                rx.foreach(TaskListState.tag_options, _tag_link),
            ),
        ),
        aria_label="Task lists",
        style=styles.view_nav,
    )
