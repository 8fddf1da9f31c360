"""The list card's parts: the selection bar, the rows, empty states and the pager."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.task_row import task_row
from todo_reflex.states.tasks import TaskActionsState, TaskListState


def _clear_completed() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("eraser", size=15), "Clear completed", variant="soft",
                      color_scheme="gray", disabled=TaskListState.counts["completed"] == 0),
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Clear completed tasks?"),
            rx.alert_dialog.description(
                f"This deletes all {TaskListState.counts['completed']} completed tasks "
                "for good. It cannot be undone."),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Keep them", variant="soft",
                                                 color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Delete completed", color_scheme="red",
                                                 on_click=TaskActionsState.clear_completed)),
                gap="0.75rem", justify="end", margin_top="1rem",
            ),
            max_width="28rem",
        ),
    )


def selection_bar() -> rx.Component:
    """Select the page, act on the selection, clear completed tasks."""
    count = TaskListState.selected.length()
    return rx.flex(
        rx.el.label(
            rx.checkbox(checked=TaskListState.all_selected, on_change=TaskListState.select_page,
                        color_scheme="gray", variant="surface",
                        aria_label="Select all on this page"),
            rx.text(rx.cond(count > 0, f"{count} selected", "Select page"), size="2"),
            style={"display": "flex", "align_items": "center", "gap": "0.5rem"},
        ),
        rx.cond(count > 0, rx.hstack(
            rx.button(rx.icon("check-check", size=15), "Complete selected", size="2",
                      variant="soft", on_click=TaskActionsState.bulk("complete")),
            rx.button(rx.icon("trash-2", size=15), "Delete selected", size="2",
                      variant="soft", color_scheme="red", on_click=TaskActionsState.bulk("delete")),
            spacing="2", wrap="wrap",
        )),
        rx.spacer(),
        _clear_completed(),
        gap="0.75rem", wrap="wrap", align="center", width="100%",
        padding="0.5rem 0.75rem", border_bottom=f"1px solid {rx.color('gray', 5)}",
    )


def _empty(icon: str, title: str, body: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.icon(icon, size=36, color=rx.color("accent", 9)),
        rx.heading(title, size="4", as_="h2"),
        body,
        align="center", spacing="2", padding="3rem 1rem", width="100%", text_align="center",
    )


def empty_state() -> rx.Component:
    """Nothing yet, or nothing matching the filters: say so and offer the way out."""
    return rx.cond(
        TaskListState.filtered,
        _empty("search-x", "Nothing matches these filters",
               rx.button("Clear filters", variant="soft", on_click=TaskListState.clear_filters)),
        _empty("party-popper", "No tasks yet",
               rx.text("Add one above, or just tell the assistant in ",
                       rx.link("Chat", href=routes.CHAT, underline="always"), ".",
                       style=styles.muted)),
    )


def pager() -> rx.Component:
    """``51–100 of 2,000`` with previous and next page buttons."""
    return rx.hstack(
        rx.text(TaskListState.range_label, size="2", style=styles.muted, aria_live="polite"),
        rx.spacer(),
        rx.icon_button(rx.icon("chevron-left", size=18), variant="soft", color_scheme="gray",
                       aria_label="Previous page", disabled=~TaskListState.has_prev,
                       on_click=TaskListState.turn_page(-1)),
        rx.icon_button(rx.icon("chevron-right", size=18), variant="soft", color_scheme="gray",
                       aria_label="Next page", disabled=~TaskListState.has_next,
                       on_click=TaskListState.turn_page(1)),
        align="center", width="100%", padding="0.6rem 0.75rem",
    )


def task_list() -> rx.Component:
    """The rows of the current page, or why there are none."""
    return rx.box(
        selection_bar(),
        rx.cond(
            ~TaskListState.loaded,
            rx.center(rx.spinner(size="3"), padding="3rem", aria_label="Loading tasks"),
            rx.cond(TaskListState.rows.length() > 0,
                    rx.box(rx.foreach(TaskListState.rows, task_row), role="list",
                           aria_label="Tasks"),
                    empty_state()),
        ),
        pager(),
        style={**styles.card, "padding": "0"},
        overflow="hidden",
    )
