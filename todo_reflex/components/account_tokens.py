"""The personal access tokens card: create one, see the list, revoke with confirmation."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.account_section import section
from todo_reflex.components.account_token_dialogs import new_token_dialog, revoke_dialog
from todo_reflex.components.forms import error_callout, field
from todo_reflex.states.api_tokens import TokenRow, TokensState

EXPIRY = [("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("never", "No expiry")]


def _expiry_select() -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text("Expires after", size="2", weight="medium"),
                    html_for="token_expires"),
        rx.select.root(
            rx.select.trigger(id="token_expires", width="100%"),
            rx.select.content(*[rx.select.item(label, value=value) for value, label in EXPIRY]),
            name="token_expires", default_value="90", size="3",
        ),
        spacing="1",
        min_width="9rem",
    )


def _create_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.flex(
                rx.box(
                    field("Token name", "token_name", placeholder="e.g. Claude Desktop",
                                   max_length=100, auto_complete="off"),
                    flex="1",
                    min_width="0",
                    width="100%",
                ),
                _expiry_select(),
                rx.button(rx.icon("plus", size=16), "Create token", type="submit", size="3"),
                direction=rx.breakpoints(initial="column", sm="row"),
                align=rx.breakpoints(initial="stretch", sm="end"),
                spacing="3",
                width="100%",
            ),
            error_callout(TokensState.error),
            spacing="3",
            width="100%",
        ),
        on_submit=TokensState.create,
        width="100%",
    )


def token_row(token: TokenRow) -> rx.Component:
    """One token: its name, the start of the secret, when it was made and last used."""
    return rx.hstack(
        rx.icon("key-square", size=18, style=styles.muted, flex_shrink="0"),
        rx.vstack(
            rx.text(token.name, weight="medium", size="2", style=styles.one_line, width="100%"),
            rx.text(rx.code(token.prefix, "…", variant="ghost"), " · created ", token.created,
                    " · last used ", token.last_used, " · ",
                    rx.cond(token.expired, rx.text.span(token.expires, color=rx.color("red", 11)),
                            token.expires),
                    size="1", style=styles.muted),
            spacing="1",
            min_width="0",
            flex="1",
        ),
        rx.button("Revoke", size="2", variant="soft", color_scheme="red", high_contrast=True,
                  aria_label="Revoke token " + token.name,
                  on_click=TokensState.ask_revoke(token.id, token.name)),
        align="center",
        width="100%",
        padding_y="0.75rem",
        border_top=f"1px solid {rx.color('gray', 4)}",
        role="listitem",
    )


def _token_list() -> rx.Component:
    return rx.cond(
        TokensState.tokens,
        rx.vstack(rx.foreach(TokensState.tokens, token_row), spacing="0", width="100%",
                  role="list", aria_label="Your tokens"),
        rx.text("No tokens yet. Create one for each app you connect, so you can revoke it "
                "alone.", size="2", style=styles.muted),
    )


def tokens_card() -> rx.Component:
    """Tokens that let an external MCP client work with your tasks."""
    return section(
        "Personal access tokens",
        "plug",
        "Connect an MCP client (Claude Desktop, Cursor, the MCP Inspector…) to your tasks. "
        "A token acts as you: keep it secret, revoke it when you stop using it.",
        _create_form(),
        _token_list(),
        new_token_dialog(),
        revoke_dialog(),
    )
