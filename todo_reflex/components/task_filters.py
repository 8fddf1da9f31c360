"""Search, priority and sort above the list; on phones they wait behind a Filters button."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.task_controls import PRIORITY_OPTIONS, choice
from todo_reflex.components.task_shortcuts import OPEN_FILTERS
from todo_reflex.core.task_lists import DATED_VIEWS
from todo_reflex.states.tasks import TaskListState

ANY_PRIORITY = [("any", "Any priority"), *PRIORITY_OPTIONS]
SORT_OPTIONS = [("newest", "Newest first"), ("due", "Due date"), ("priority", "Priority")]


def _filter(label: str, name: str, options: list[tuple[str, str]]) -> rx.Component:
    return choice(label, options, value=getattr(TaskListState, name), width="100%",
                  on_change=lambda v: TaskListState.set_filter(name, v))


def _tag_filter() -> rx.Component:
    """Any tag, or one of the user's tags (it narrows whichever list is open)."""
    return rx.select.root(
        rx.select.trigger(aria_label="Filter by tag", width="100%"),
        rx.select.content(
            rx.select.item("Any tag", value="any"),
            rx.foreach(TaskListState.tag_options,
                       lambda tag: rx.select.item("#" + tag, value=tag)),
        ),
        value=rx.cond(TaskListState.tag == "", "any", TaskListState.tag),
        on_change=lambda v: TaskListState.set_filter("tag", v),
    )


def _search() -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        rx.input.slot(rx.el.kbd("/", style=styles.kbd), side="right",
                      display=["none", "none", "flex"]),
        id="task-search",
        type="search",
        placeholder="Search tasks",
        aria_label="Search tasks",
        default_value=TaskListState.query,  # a reload or link: the URL's words
        on_change=TaskListState.search.debounce(300),
        width="100%",
    )


def filters_button() -> rx.Component:
    """Phones: show or hide the search and filters."""
    return rx.button(
        rx.icon("sliders-horizontal", size=15), "Filters",
        rx.cond(TaskListState.filtered, rx.badge("on", size="1", radius="full")),
        variant=rx.cond(TaskListState.filters_open, "solid", "soft"),
        color_scheme="gray", on_click=TaskListState.toggle_filters,
        aria_expanded=rx.cond(TaskListState.filters_open, "true", "false"),
        aria_controls="task-filters", id=OPEN_FILTERS,
        display=["inline-flex", "inline-flex", "none"],
    )


def task_filters() -> rx.Component:
    """Search box, priority filter and sort order (the dated lists keep their own order)."""
    cell = {"flex": "1 1 9rem", "min_width": "0"}
    open_on_phone = rx.cond(TaskListState.filters_open, "flex", "none")
    own_order = rx.Var.create(list(DATED_VIEWS)).contains(TaskListState.view)
    return rx.flex(
        rx.box(_search(), flex="2 1 14rem", min_width="0"),
        rx.box(_filter("Filter by priority", "priority", ANY_PRIORITY), **cell),
        rx.cond(TaskListState.tag_options.length() > 0, rx.box(_tag_filter(), **cell)),
        rx.cond(own_order, rx.fragment(), rx.box(_filter("Sort by", "sort", SORT_OPTIONS), **cell)),
        rx.cond(
            TaskListState.filtered,
            rx.button(rx.icon("x", size=15), "Clear filters", variant="ghost",
                      color_scheme="gray", on_click=TaskListState.clear_filters),
        ),
        id="task-filters",
        gap="0.5rem", wrap="wrap", align="center", width="100%",
        role="search",
        display=[open_on_phone, open_on_phone, "flex"],
        style=styles.text_field,
    )
