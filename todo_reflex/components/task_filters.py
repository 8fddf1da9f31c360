"""Counts, search, filters and sort above the task list; they stack on phones."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.task_controls import PRIORITY_OPTIONS, choice
from todo_reflex.states.tasks import TaskListState

STATUS_OPTIONS = [("all", "All tasks"), ("pending", "Pending"), ("completed", "Completed")]
DUE_OPTIONS = [("any", "Any date"), ("today", "Due today"), ("overdue", "Overdue"),
               ("this_week", "This week"), ("no_date", "No date")]
ANY_PRIORITY = [("any", "Any priority"), *PRIORITY_OPTIONS]
SORT_OPTIONS = [("newest", "Newest first"), ("due", "Due date"), ("priority", "Priority")]


def _count(label: str, key: str, icon: str, scheme: str, name: str, value: str) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=15),
        rx.text(TaskListState.counts[key], weight="bold"),
        rx.text(label),
        on_click=TaskListState.set_filter(name, value),
        variant="soft",
        color_scheme=scheme,
        high_contrast=True,
        size="2",
        title=f"Show {label}",
    )


def task_counts() -> rx.Component:
    """Pending, overdue, due today and completed; each one filters to itself."""
    return rx.flex(
        _count("pending", "pending", "circle", "gray", "status", "pending"),
        _count("overdue", "overdue", "alarm-clock", "red", "due", "overdue"),
        _count("due today", "today", "calendar-clock", "amber", "due", "today"),
        _count("completed", "completed", "circle-check", "green", "status", "completed"),
        gap="0.5rem",
        wrap="wrap",
        role="group",
        aria_label="Counts",
    )


def _filter(label: str, name: str, options: list[tuple[str, str]]) -> rx.Component:
    return choice(label, options, value=getattr(TaskListState, name), width="100%",
                  on_change=lambda v: TaskListState.set_filter(name, v))


def _tag_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Filter by tag", width="100%"),
        rx.select.content(
            rx.select.item("All tags", value="any"),
            rx.foreach(TaskListState.tag_options, lambda t: rx.select.item(f"#{t}", value=t)),
        ),
        value=TaskListState.tag,
        on_change=lambda v: TaskListState.set_filter("tag", v),
    )


def _search() -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        id="task-search",
        type="search",
        placeholder="Search tasks",
        aria_label="Search tasks",
        on_change=TaskListState.search.debounce(300),
        width="100%",
    )


def task_filters() -> rx.Component:
    """Search box, then status/due/priority/tag filters and the sort order."""
    cell = {"flex": "1 1 8rem", "min_width": "0"}
    return rx.flex(
        rx.box(_search(), flex="2 1 14rem", min_width="0"),
        rx.box(_filter("Filter by status", "status", STATUS_OPTIONS), **cell),
        rx.box(_filter("Filter by due date", "due", DUE_OPTIONS), **cell),
        rx.box(_filter("Filter by priority", "priority", ANY_PRIORITY), **cell),
        rx.box(_tag_filter(), **cell),
        rx.box(_filter("Sort by", "sort", SORT_OPTIONS), **cell),
        rx.cond(
            TaskListState.filtered,
            rx.button(rx.icon("x", size=15), "Clear filters", variant="ghost",
                      color_scheme="gray", on_click=TaskListState.clear_filters),
        ),
        gap="0.5rem",
        wrap="wrap",
        align="center",
        width="100%",
        role="search",
        style=styles.text_field,
    )
