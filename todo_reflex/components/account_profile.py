"""The profile card: display name and time zone (with the browser's zone as a suggestion)."""

from __future__ import annotations

from zoneinfo import available_timezones

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.account_section import saved_note, section
from todo_reflex.components.forms import error_callout, field
from todo_reflex.states.account import AccountState
from todo_reflex.states.auth import AuthState

_SKIP = ("Etc/", "SystemV/", "posix/", "right/")
ZONES = ["UTC", *sorted(z for z in available_timezones() if "/" in z and not z.startswith(_SKIP))]


def _zone_suggestion() -> rx.Component:
    differs = (AuthState.browser_timezone != "") & (
        AuthState.browser_timezone != AuthState.user_timezone
    )
    return rx.cond(
        differs,
        rx.hstack(
            rx.text("This device is set to ", rx.text.strong(AuthState.browser_timezone), ".",
                    size="2"),
            rx.button(rx.icon("locate-fixed", size=14), "Use ", AuthState.browser_timezone,
                      type="button", size="1", variant="soft",
                      on_click=AccountState.use_browser_timezone),
            align="center",
            wrap="wrap",
            spacing="2",
        ),
    )


def profile_card() -> rx.Component:
    """Display name and time zone, saved together."""
    return section(
        "Profile",
        "user-round",
        "Your name in the app, and the time zone every date is shown and understood in.",
        rx.form(
            rx.vstack(
                field("Display name", "name", value=AccountState.name,
                               on_change=AccountState.set_name, auto_complete="name",
                               placeholder="Ann Example", max_length=100),
                field("Time zone", "timezone", value=AccountState.timezone,
                               on_change=AccountState.set_timezone, list="timezone-options",
                               auto_complete="off", spell_check=False,
                               placeholder="Start typing, e.g. Paris or America/",
                               hint="An IANA name such as Europe/Paris or America/New_York."),
                rx.cond(AccountState.zone_now != "",
                        rx.text("It is ", rx.text.strong(AccountState.zone_now), " there now.",
                                size="2", style=styles.muted, aria_live="polite")),
                rx.el.datalist(*[rx.el.option(value=z) for z in ZONES], id="timezone-options"),
                _zone_suggestion(),
                error_callout(AccountState.profile_error),
                saved_note(AccountState.profile_saved),
                rx.button("Save profile", type="submit", size="3"),
                spacing="4",
                align="start",
            ),
            on_submit=AccountState.save_profile,
            width="100%",
        ),
    )
