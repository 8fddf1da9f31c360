"""The danger zone: delete the account and all its data, confirmed by typing the email."""

from __future__ import annotations

import reflex as rx

from todo_reflex.components.account_section import section
from todo_reflex.components.forms import error_callout, field
from todo_reflex.states.account import AccountState
from todo_reflex.states.auth import AuthState


def _confirm_dialog() -> rx.Component:
    matches = AccountState.delete_confirm.strip().lower() == AuthState.user_email.lower()
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("trash-2", size=16), "Delete account…", size="3",
                      color_scheme="red", variant="soft", high_contrast=True)),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete your account?"),
            rx.alert_dialog.description(
                "Your tasks, chats, sessions and tokens are deleted for good. There is no undo.",
                size="2"),
            rx.form(rx.vstack(
                field(
                    "Type your email to confirm", "delete_confirm",
                    value=AccountState.delete_confirm,
                    on_change=AccountState.set_delete_confirm, auto_complete="off",
                    placeholder=AuthState.user_email, spell_check=False,
                    hint="Your email: " + AuthState.user_email),
                error_callout(AccountState.delete_error),
                rx.hstack(
                    rx.alert_dialog.cancel(rx.button("Cancel", variant="soft",
                                                     color_scheme="gray")),
                    rx.button("Delete everything", color_scheme="red", high_contrast=True,
                              disabled=~matches,
                              type="submit"),
                    justify="end", spacing="3", width="100%", wrap="wrap",
                ),
                spacing="4",
                margin_top="1rem",
            ), on_submit=AccountState.delete_account),
        ),
        on_open_change=AccountState.set_delete_confirm(""),
    )


def danger_card() -> rx.Component:
    """Deleting the account, set apart in red."""
    return section(
        "Danger zone",
        "triangle-alert",
        "Delete your account and everything in it: tasks, chats, sessions and tokens.",
        rx.box(_confirm_dialog()),
        tone="red",
    )
