"""The password card: a change signs out other sessions and revokes access tokens."""

from __future__ import annotations

import reflex as rx

from todo_reflex.components.account_section import saved_note, section
from todo_reflex.components.forms import error_callout, field
from todo_reflex.states.account import AccountState


def password_card() -> rx.Component:
    """Change the password; the fields keep what was typed when something is wrong."""
    return section(
        "Password",
        "key-round",
        "Changing it signs you out on every other device and revokes your personal access "
        "tokens: connected MCP clients stop working until you create a new token. This "
        "device stays signed in.",
        rx.form(
            rx.vstack(
                field("Current password", "current_password", type="password",
                               auto_complete="current-password"),
                rx.grid(
                    field("New password", "new_password", type="password",
                                   auto_complete="new-password", hint="At least 8 characters."),
                    field("Repeat new password", "repeat_password", type="password",
                                   auto_complete="new-password"),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="4",
                    width="100%",
                ),
                error_callout(AccountState.password_error),
                saved_note(AccountState.password_saved),
                rx.button("Change password", type="submit", size="3"),
                spacing="4",
                align="start",
            ),
            on_submit=AccountState.change_password,
            width="100%",
        ),
    )
