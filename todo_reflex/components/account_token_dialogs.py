"""Dialogs of the tokens card: the new token (shown once) and the revoke confirmation."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.states.api_tokens import TokensState


def copy_button(label: str, text: rx.Var[str]) -> rx.Component:
    """Copy ``text`` to the clipboard and say so."""
    return rx.button(rx.icon("copy", size=14), "Copy", size="1", variant="soft", type="button",
                     aria_label=f"Copy {label}",
                     on_click=[rx.set_clipboard(text), rx.toast.success(f"{label} copied")])


def snippet(label: str, text: rx.Var[str], id_: str) -> rx.Component:
    """A labelled block of text to copy, with its copy button."""
    return rx.vstack(
        rx.hstack(rx.text(label, size="2", weight="medium", id=f"{id_}-label"), rx.spacer(),
                  copy_button(label, text), width="100%", align="center"),
        rx.el.pre(text, id=id_, aria_labelledby=f"{id_}-label", tab_index=0,
                  style=styles.code_box),
        spacing="1",
        width="100%",
    )


def new_token_dialog() -> rx.Component:
    """The token's only appearance, with a client config and a command ready to paste."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Your new token: ", TokensState.new_token_name),
            rx.dialog.description(
                "Copy it now: this is the only time it is shown. Anyone with it can read and "
                "change your tasks.", size="2", style=styles.muted),
            rx.vstack(
                rx.hstack(
                    rx.input(value=TokensState.new_token, read_only=True, id="new-token",
                             aria_label="New token", size="3", flex="1", min_width="0",
                             font_family="var(--code-font-family)"),
                    copy_button("Token", TokensState.new_token),
                    width="100%", align="center",
                ),
                snippet("Client config (JSON)", TokensState.client_config, "client-config"),
                snippet("MCP Inspector command", TokensState.inspector_command,
                         "inspector-command"),
                rx.hstack(rx.spacer(), rx.dialog.close(rx.button("Done", size="3")),
                          width="100%"),
                spacing="4",
                margin_top="1rem",
            ),
            max_width="40rem",
        ),
        open=TokensState.new_token != "",
        on_open_change=TokensState.close_new_token,
    )


def revoke_dialog() -> rx.Component:
    """Ask before revoking: a client using the token stops working at once."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Revoke “", TokensState.revoke_name, "”?"),
            rx.alert_dialog.description(
                "Clients using this token are refused from now on. This cannot be undone.",
                size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button("Revoke token", color_scheme="red", high_contrast=True,
                              on_click=TokensState.revoke(TokensState.revoke_id)),
                ),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
        open=TokensState.revoke_id != 0,
        on_open_change=TokensState.cancel_revoke,
    )
