"""The bell in the shell: unread reminders as a badge, the newest in a popover, desktop alerts."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.states.notifications import POLL_BUTTON, NotificationRow, NotificationState


def _badge() -> rx.Component:
    count = rx.cond(NotificationState.unread > 99, "99+", NotificationState.unread.to_string())
    return rx.cond(
        NotificationState.unread > 0,
        rx.badge(count, color_scheme="red", variant="solid", radius="full", size="1",
                 class_name="unread-count", position="absolute", top="-4px", right="-6px",
                 aria_hidden="true", pointer_events="none"),
    )


def _bell() -> rx.Component:
    label = rx.cond(NotificationState.unread > 0,
                    "Notifications, " + NotificationState.unread.to_string() + " unread",
                    "Notifications")
    return rx.icon_button(rx.icon("bell", size=18), _badge(), variant="ghost",
                          color_scheme="gray", aria_label=label, title="Notifications",
                          position="relative", overflow="visible")


def _item(item: NotificationRow) -> rx.Component:
    return rx.el.button(
        rx.hstack(
            rx.icon("bell-ring", size=16, color=rx.cond(item.unread, rx.color("amber", 10),
                                                        rx.color("gray", 9)), flex_shrink="0",
                    margin_top="2px"),
            rx.vstack(
                rx.text(item.title, size="2", weight=rx.cond(item.unread, "bold", "regular"),
                        style=styles.one_line, width="100%"),
                rx.cond(item.body != "", rx.text(item.body, size="1", style=styles.muted)),
                rx.hstack(
                    rx.text(item.when, size="1", style=styles.muted),
                    rx.cond(item.late, rx.badge("late", color_scheme="orange", size="1",
                                                variant="soft")),
                    spacing="2", align="center",
                ),
                spacing="0", min_width="0", flex="1", align="start",
            ),
            rx.cond(item.unread, rx.box(width="8px", height="8px", border_radius="50%",
                                        background=rx.color("accent", 9), flex_shrink="0",
                                        margin_top="6px", aria_label="unread")),
            align="start", spacing="2", width="100%",
        ),
        type="button",
        on_click=NotificationState.open_one(item.id),
        class_name="notification",
        custom_attrs={"data-unread": rx.cond(item.unread, "true", "false")},
        style=styles.notification_item,
    )


def _alerts() -> rx.Component:
    return rx.match(
        NotificationState.alerts,
        ("default", rx.button(rx.icon("monitor-smartphone", size=14), "Turn on desktop alerts",
                              size="1", variant="soft", on_click=NotificationState.ask_alerts)),
        ("granted", rx.text("Desktop alerts are on while a tab is open.", size="1",
                            style=styles.muted)),
        ("denied", rx.text("Desktop alerts are blocked in this browser's site settings.",
                           size="1", style=styles.muted)),
        rx.fragment(),
    )


def _empty() -> rx.Component:
    return rx.vstack(
        rx.icon("bell-off", size=22, color=rx.color("gray", 9)),
        rx.text("No reminders yet", size="2", weight="medium"),
        rx.text("Say “remind me to call mom at six” in the chat, or pick a reminder when you "
                "edit a task.", size="1", style=styles.muted, text_align="center"),
        align="center", spacing="1", padding="1.25rem 0.5rem",
    )


def notification_bell() -> rx.Component:
    """The bell and its popover of the newest notifications."""
    return rx.popover.root(
        rx.popover.trigger(_bell()),
        rx.popover.content(
            rx.vstack(
                rx.hstack(
                    rx.heading("Notifications", size="3"),
                    rx.spacer(),
                    rx.cond(NotificationState.unread > 0, rx.button(
                        "Mark all read", size="1", variant="ghost",
                        on_click=NotificationState.mark_all_read)),
                    align="center", width="100%",
                ),
                rx.cond(
                    NotificationState.items.length() > 0,
                    rx.scroll_area(
                        rx.vstack(rx.foreach(NotificationState.items, _item), spacing="1",
                                  width="100%"),
                        type="auto", scrollbars="vertical", max_height="22rem",
                    ),
                    _empty(),
                ),
                _alerts(),
                spacing="3", width="100%",
            ),
            width="min(22rem, calc(100vw - 1.5rem))",
            aria_label="Notifications",
        ),
        on_open_change=NotificationState.opened,
    )


def notification_watch() -> rx.Component:
    """Rendered once per signed-in page: starts polling, and the button the poll clicks."""
    return rx.el.button(id=POLL_BUTTON, type="button", tab_index=-1, aria_hidden="true",
                        display="none", on_click=NotificationState.refresh,
                        on_mount=NotificationState.start)
