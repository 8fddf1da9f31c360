"""``/login`` and ``/signup``."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.forms import auth_card, auth_form, field, new_password_fields
from todo_reflex.states.auth import AuthState
from todo_reflex.states.sign_in import SIGNUP_CLOSED, SignInState

ON_LOAD = [SignInState.clear_error, AuthState.skip_if_signed_in]


def _notice() -> rx.Component:
    return rx.cond(
        AuthState.notice != "",
        rx.callout(AuthState.notice, icon="info", color_scheme="blue", width="100%"),
    )


@rx.page(route=routes.LOGIN, title="Sign in · Task Assistant", on_load=ON_LOAD)
def login() -> rx.Component:
    """Email and password."""
    return auth_card(
        "Welcome back",
        "Sign in to talk to your to-do list.",
        _notice(),
        auth_form(
            field("Email", "email", required=True, type="email", auto_complete="email",
                  placeholder="you@example.com"),
            field("Password", "password", required=True, type="password",
                  auto_complete="current-password"),
            rx.link("Forgot password?", href=routes.FORGOT, size="2", align_self="flex-end",
                    margin_top="-0.5rem"),
            error=SignInState.error, submit="Sign in", on_submit=SignInState.log_in,
        ),
        rx.cond(SignInState.signup_open, rx.text(
            "New here? ", rx.link("Create an account", href=routes.SIGNUP), size="2",
            style=styles.muted)),
    )


@rx.page(route=routes.SIGNUP, title="Create account · Task Assistant", on_load=ON_LOAD)
def signup() -> rx.Component:
    """Name, email and a password typed twice (or why not, with ``ALLOW_SIGNUP=false``)."""
    return auth_card(
        "Create your account",
        "Add, find and finish tasks by just saying so.",
        rx.cond(SignInState.signup_open, _signup_form(),
                rx.callout(SIGNUP_CLOSED, icon="lock", color_scheme="gray", width="100%")),
        rx.text("Already have an account? ", rx.link("Sign in", href=routes.LOGIN), size="2",
                style=styles.muted),
    )


def _signup_form() -> rx.Component:
    """The sign-up form itself."""
    return auth_form(
        field("Name", "name", auto_complete="name", placeholder="Ann Example"),
        field("Email", "email", required=True, type="email", auto_complete="email",
              placeholder="you@example.com"),
        *new_password_fields(),
        error=SignInState.error, submit="Create account", on_submit=SignInState.sign_up,
    )


@rx.page(route=routes.INDEX, title="Task Assistant", on_load=AuthState.home)
def index() -> rx.Component:
    """Redirects to the chat or to sign-in."""
    return rx.center(rx.spinner(size="3"), height="100dvh")
