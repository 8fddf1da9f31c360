"""``/account``: profile, password, access tokens, sessions, your data, deleting the account."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.account_danger import danger_card
from todo_reflex.components.account_data import data_card
from todo_reflex.components.account_password import password_card
from todo_reflex.components.account_profile import profile_card
from todo_reflex.components.account_sessions import sessions_card
from todo_reflex.components.account_tokens import tokens_card
from todo_reflex.components.shell import template
from todo_reflex.states.account import AccountState
from todo_reflex.states.api_tokens import TokensState
from todo_reflex.states.auth import AuthState
from todo_reflex.states.your_data import YourDataState


@template(route=routes.ACCOUNT, title="Account", on_load=[AccountState.load, TokensState.load,
                                                             YourDataState.load])
def account_page() -> rx.Component:
    """Every setting of the signed-in user, one card each."""
    return rx.vstack(
        rx.vstack(
            rx.heading("Account", size="7", as_="h1"),
            rx.text("Signed in as ", rx.text.strong(AuthState.user_email), size="2",
                    style=styles.muted),
            spacing="1",
        ),
        profile_card(),
        password_card(),
        tokens_card(),
        sessions_card(),
        data_card(),
        danger_card(),
        spacing="5",
        width="100%",
        max_width=styles.PAGE_MAX,
        margin_x="auto",
        padding=rx.breakpoints(initial="1rem", sm="2rem"),
        padding_bottom="4rem",
    )
