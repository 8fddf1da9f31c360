"""The banner shown while the server can't keep the page's state (see states/connection.py)."""

from __future__ import annotations

import reflex as rx

from todo_reflex.states.connection import BANNER_ID, RETRY_ID, ConnectionState


def connection_banner() -> rx.Component:
    """Hidden until an event fails for want of the state store; retries on its own."""
    return rx.el.div(
        rx.hstack(
            rx.spinner(size="1"),
            rx.text("Connection to the server lost. Retrying…", size="2", weight="medium"),
            rx.el.button(id=RETRY_ID, on_click=ConnectionState.back, hidden=True,
                         tab_index=-1, aria_hidden="true"),
            align="center", justify="center", spacing="2",
        ),
        id=BANNER_ID,
        role="alert",
        hidden=True,
        style={
            "position": "fixed", "top": "0", "left": "0", "right": "0", "z_index": "50",
            "padding": "0.5rem 1rem", "background_color": rx.color("amber", 4),
            "color": rx.color("amber", 12), "border_bottom": f"1px solid {rx.color('amber', 7)}",
        },
    )
