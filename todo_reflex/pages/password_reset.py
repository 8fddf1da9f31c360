"""``/forgot`` (ask for a reset link by email) and ``/reset?token=`` (choose a new password)."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.forms import auth_card, auth_form, field, new_password_fields
from todo_reflex.states.password_reset import LINK_INVALID, SENT, PasswordResetState


def _back_to_sign_in() -> rx.Component:
    return rx.text("Remembered it? ", rx.link("Sign in", href=routes.LOGIN, underline="always"),
                   size="2", style=styles.muted)


@rx.page(route=routes.FORGOT, title="Forgot password · Task Assistant",
         on_load=PasswordResetState.open_forgot)
def forgot() -> rx.Component:
    """An email field; the answer never says whether the address has an account."""
    return auth_card(
        "Forgot your password?",
        "We'll email you a link to choose a new one.",
        rx.cond(
            PasswordResetState.sent,
            rx.vstack(
                rx.callout(SENT, icon="mail", color_scheme="green", role="status",
                           width="100%"),
                rx.button("Send another link", variant="soft", size="3", width="100%",
                          on_click=PasswordResetState.ask_again),
                spacing="4",
                width="100%",
            ),
            _request_form(),
        ),
        _back_to_sign_in(),
    )


def _request_form() -> rx.Component:
    return auth_form(
        field("Email", "email", required=True, type="email", auto_complete="email",
              placeholder="you@example.com"),
        error=PasswordResetState.error, submit="Email me a link",
        on_submit=PasswordResetState.request_link,
    )


@rx.page(route=routes.RESET, title="Choose a new password · Task Assistant",
         on_load=PasswordResetState.check_link)
def reset() -> rx.Component:
    """A new password typed twice, or why the link no longer works."""
    return auth_card(
        "Choose a new password",
        "It replaces the old one and signs you out on every device.",
        rx.cond(
            PasswordResetState.link_invalid,
            rx.vstack(
                rx.callout(LINK_INVALID, icon="triangle-alert", color_scheme="red",
                           high_contrast=True, role="alert", width="100%"),
                rx.link("Ask for a new link", href=routes.FORGOT, size="2"),
                spacing="3",
                width="100%",
            ),
            _reset_form(),
        ),
        _back_to_sign_in(),
    )


def _reset_form() -> rx.Component:
    return auth_form(
        *new_password_fields(label="New password"),
        error=PasswordResetState.error, submit="Set new password",
        on_submit=PasswordResetState.set_new_password,
    )
