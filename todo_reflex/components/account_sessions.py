"""The sessions card: sign out here, or everywhere at once."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.account_section import section
from todo_reflex.states.account import AccountState
from todo_reflex.states.auth import AuthState


def _count() -> rx.Component:
    return rx.text(
        "Signed in on ", rx.text.strong(AccountState.session_count), " ",
        rx.cond(AccountState.session_count == 1, "browser or device", "browsers or devices"),
        " right now.", size="2",
    )


def _confirm_everywhere() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("log-out", size=16), "Sign out everywhere", size="3",
                      variant="soft", color_scheme="red", high_contrast=True)),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Sign out everywhere?"),
            rx.alert_dialog.description(
                "Every browser and device signed in to your account is signed out, this one "
                "too, and every personal access token is revoked: connected MCP clients stop "
                "working until you create a new token.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Sign out everywhere", color_scheme="red",
                                                 high_contrast=True,
                                                 on_click=AccountState.sign_out_everywhere)),
                justify="end", spacing="3", margin_top="1rem", wrap="wrap",
            ),
        ),
    )


def sessions_card() -> rx.Component:
    """How many sessions are open, and the two ways to end them."""
    return section(
        "Sessions",
        "monitor-smartphone",
        "Lost a device or used a shared computer? Sign out everywhere.",
        _count(),
        rx.flex(
            rx.button("Sign out", size="3", variant="outline", color_scheme="gray",
                      on_click=AuthState.sign_out),
            _confirm_everywhere(),
            spacing="3",
            wrap="wrap",
        ),
        rx.text("Signing out everywhere also revokes your personal access tokens.", size="1",
                style=styles.muted),
    )
