"""Your data: the calendar feed (a secret address for calendar apps) and "Export my data"."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.account_section import section
from todo_reflex.components.account_token_dialogs import snippet
from todo_reflex.states.your_data import YourDataState


def _feed() -> rx.Component:
    state = rx.cond(
        YourDataState.feed_on,
        rx.text("Your calendar feed is on (address made ", YourDataState.feed_since, ").",
                size="2"),
        rx.text("Your calendar feed is off.", size="2", style=styles.muted),
    )
    return rx.vstack(
        rx.heading("Calendar feed", size="3", as_="h3"),
        rx.text("Tasks with a due date appear in Google Calendar, Apple Calendar or Outlook: "
                "timed tasks as events, dated ones as all-day events, repeats included.",
                size="2", style=styles.muted),
        state,
        rx.cond(
            YourDataState.new_feed_url != "",
            rx.vstack(
                snippet("Calendar address", YourDataState.new_feed_url, "calendar-url"),
                rx.text("Shown once. Anyone with this address can read your dated tasks; "
                        "make a new one or turn the feed off if it leaks.", size="1",
                        style=styles.muted),
                width="100%", spacing="2",
            ),
        ),
        rx.hstack(
            rx.button(rx.icon("calendar-plus", size=16),
                      rx.cond(YourDataState.feed_on, "Make a new address", "Turn on"),
                      on_click=YourDataState.make_feed_address, variant="soft"),
            rx.cond(YourDataState.feed_on,
                    rx.button("Turn off", on_click=YourDataState.turn_off_feed,
                              variant="soft", color_scheme="gray")),
            spacing="3", wrap="wrap",
        ),
        spacing="2", width="100%",
    )


def data_card() -> rx.Component:
    """The calendar feed and the data export."""
    return section(
        "Your data",
        "database",
        "Take your tasks elsewhere: into a calendar, or all of it as a file.",
        _feed(),
        rx.divider(),
        rx.vstack(
            rx.heading("Export", size="3", as_="h3"),
            rx.text("Your profile, tasks, conversations and sign-ins as one JSON file.",
                    size="2", style=styles.muted),
            rx.button(rx.icon("download", size=16), "Export my data",
                      on_click=YourDataState.export, variant="soft"),
            spacing="2", width="100%",
        ),
    )
