"""The list card: its header (name, Select, bulk actions), the sections, empty states, pager."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.task_controls import PRIORITY_OPTIONS
from todo_reflex.components.task_row import task_row
from todo_reflex.core.task_lists import Section
from todo_reflex.states.task_actions import TaskActionsState
from todo_reflex.states.tasks import TaskListState


def _clear_completed() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("eraser", size=15), "Clear completed", variant="soft", size="2",
                      color_scheme="gray", disabled=TaskListState.counts["completed"] == 0),
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Clear completed tasks?"),
            rx.alert_dialog.description(
                f"This deletes all {TaskListState.counts['completed']} completed tasks. "
                "You can undo this right after."),
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


def _small_form(label: str, action: str, field: rx.Component, submit: str,
                *extra: rx.Component) -> rx.Component:
    """A popover form of the bulk toolbar: one field and its button, submitted as one change."""
    count = TaskListState.selected.length()
    return rx.popover.root(
        rx.popover.trigger(rx.button(label, rx.icon("chevron-down", size=14), size="2",
                                     variant="soft", color_scheme="gray", disabled=count == 0)),
        rx.popover.content(
            rx.form(
                rx.el.input(type="hidden", name="action", value=action),
                rx.vstack(
                    field,
                    rx.hstack(rx.popover.close(rx.button(submit, type="submit", size="2")),
                              *extra, spacing="2"),
                    spacing="2",
                ),
                on_submit=TaskActionsState.bulk_submit,
                aria_label=label,
            ),
            style=styles.text_field,
        ),
    )


def _bulk_due() -> rx.Component:
    no_date = rx.popover.close(rx.button("No date", type="button", size="2", variant="soft",
                                         color_scheme="gray",
                                         on_click=TaskActionsState.bulk("due", "")))
    return _small_form("Due date", "due", rx.input(type="date", name="value", required=True,
                                                   aria_label="New due date"),
                       "Set date", no_date)


def _bulk_tag() -> rx.Component:
    return _small_form("Tag", "tag", rx.input(name="value", placeholder="work", required=True,
                                              aria_label="Tag to add", max_length=32),
                       "Add tag")


def _bulk_priority() -> rx.Component:
    count = TaskListState.selected.length()
    return rx.menu.root(
        rx.menu.trigger(rx.button("Priority", rx.icon("chevron-down", size=14), size="2",
                                  variant="soft", color_scheme="gray", disabled=count == 0)),
        rx.menu.content(*[rx.menu.item(text, on_click=TaskActionsState.bulk("priority", value))
                          for value, text in [*PRIORITY_OPTIONS[1:], PRIORITY_OPTIONS[0]]]),
    )


def _bulk_actions() -> rx.Component:
    count = TaskListState.selected.length()
    return rx.flex(
        rx.el.label(
            rx.checkbox(checked=TaskListState.all_selected, on_change=TaskListState.select_page,
                        aria_label="Select all on this page"),
            rx.text(rx.cond(count > 0, f"{count} selected", "Select all"), size="2"),
            style=styles.inline_label,
        ),
        rx.button(rx.icon("check-check", size=15), "Complete selected", size="2",
                  variant="soft", disabled=count == 0,
                  on_click=TaskActionsState.bulk("complete", "")),
        rx.button(rx.icon("trash-2", size=15), "Delete selected", size="2", variant="soft",
                  color_scheme="red", disabled=count == 0,
                  on_click=TaskActionsState.bulk("delete", "")),
        _bulk_due(), _bulk_priority(), _bulk_tag(),
        gap="0.5rem", wrap="wrap", align="center", width="100%",
        padding="0.5rem 0.75rem", background_color=rx.color("accent", 2),
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        role="toolbar", aria_label="Bulk actions",
    )


def list_header() -> rx.Component:
    """The open list's name and size, and the switch into bulk-select mode."""
    return rx.vstack(
        rx.hstack(
            rx.heading(TaskListState.view_title, size="4", as_="h2"),
            rx.text(TaskListState.total, size="2", style=styles.muted),
            rx.spacer(),
            rx.cond(TaskListState.view == "completed", _clear_completed()),
            rx.button(rx.icon(rx.cond(TaskListState.selecting, "x", "list-checks"), size=15),
                      rx.cond(TaskListState.selecting, "Done selecting", "Select"),
                      size="2", variant="ghost", color_scheme="gray",
                      on_click=TaskListState.toggle_selecting,
                      aria_pressed=rx.cond(TaskListState.selecting, "true", "false")),
            align="center", width="100%", padding="0.75rem 0.75rem 0.5rem 1rem",
        ),
        rx.cond(TaskListState.selecting, _bulk_actions()),
        spacing="0", width="100%",
    )


def _section(section: Section) -> rx.Component:
    return rx.box(
        rx.cond(section.label != "", rx.heading(
            section.label, size="2", as_="h3", style=styles.section_heading,
            color=rx.cond(section.tone == "red", rx.color("red", 11), rx.color("gray", 12)))),
        rx.box(rx.foreach(section.rows, task_row), role="list",
               aria_label=rx.cond(section.label != "", section.label, "Tasks")),
        width="100%",
    )


def _empty(icon: str, title: str, body: str) -> rx.Component:
    return rx.vstack(
        rx.center(rx.icon(icon, size=28), style=styles.hero_icon),
        rx.heading(title, size="4", as_="h3"),
        rx.text(body, size="2", style=styles.muted, max_width="26rem"),
        align="center", spacing="2", padding="3rem 1rem", width="100%", text_align="center",
    )


def empty_state() -> rx.Component:
    """Why the list is empty, in the open list's words."""
    return rx.cond(
        TaskListState.filtered,
        rx.vstack(_empty("search-x", "Nothing matches these filters",
                         "Try other words, or clear the filters."),
                  rx.button("Clear filters", variant="soft", on_click=TaskListState.clear_filters),
                  align="center", padding_bottom="2rem", width="100%"),
        rx.match(
            rx.cond((TaskListState.tag != "") & (TaskListState.view == "all"), "tag",
                    TaskListState.view),
            ("today", _empty("sun", "All clear for today",
                             "Nothing due today or overdue. Enjoy it — or plan ahead.")),
            ("upcoming", _empty("calendar-days", "A quiet week ahead",
                                "Nothing is due in the next 7 days.")),
            ("completed", _empty("circle-check", "Nothing completed yet",
                                 "Tick a task off and it lands here.")),
            ("all", _empty("party-popper", "No tasks yet",
                           "Add your first one — or just tell the assistant in Chat.")),
            _empty("hash", "No tasks with this tag", "Tasks you tag show up here."),
        ),
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
    """The open list's rows under their headings, or why there are none."""
    return rx.box(
        list_header(),
        rx.cond(
            ~TaskListState.loaded,
            rx.center(rx.spinner(size="3"), padding="3rem", aria_label="Loading tasks"),
            rx.cond(TaskListState.rows.length() > 0,
                    rx.box(rx.foreach(TaskListState.sections, _section), width="100%"),
                    empty_state()),
        ),
        rx.cond(TaskListState.has_prev | TaskListState.has_next, pager()),
        style={**styles.card, "padding": "0"},
        overflow="hidden",
        aria_label="Task list", role="region",
    )
