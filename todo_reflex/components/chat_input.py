"""Where the user types: Enter sends, Shift+Enter adds a line, 2000 characters at most."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.core.threads import MESSAGE_MAX
from todo_reflex.states.chat import ChatState


def _counter() -> rx.Component:
    count = ChatState.draft.length()
    return rx.text(
        count.to_string(), f" / {MESSAGE_MAX}",
        size="1",
        color=rx.cond(count > MESSAGE_MAX - 100, rx.color("orange", 11), rx.color("gray", 11)),
        aria_live="polite",
    )


def _send_or_stop() -> rx.Component:
    return rx.cond(
        ChatState.streaming,
        rx.button(rx.icon("square", size=16), "Stop", type="button", color_scheme="gray",
                  variant="soft", on_click=ChatState.stop, aria_label="Stop the reply"),
        rx.button(rx.icon("send-horizontal", size=16), "Send", type="submit",
                  disabled=ChatState.draft.strip() == "", aria_label="Send message"),
    )


def composer() -> rx.Component:
    """The message box, its counter, a notice (rate limit, too long) and send/stop."""
    return rx.form(
        rx.vstack(
            rx.cond(ChatState.notice != "",
                    rx.callout(ChatState.notice, icon="clock", color_scheme="orange", size="1",
                               role="alert", width="100%")),
            rx.box(
                rx.el.label("Message", html_for="message", class_name="sr-only",
                            style=styles.visually_hidden),
                rx.text_area(
                    id="message", name="message", value=ChatState.draft,
                    on_change=ChatState.set_draft, enter_key_submit=True,
                    placeholder="Ask me to add, find or finish a task…",
                    max_length=MESSAGE_MAX, disabled=ChatState.streaming, rows="2",
                    resize="vertical", size="3", width="100%", auto_focus=True,
                ),
                width="100%",
            ),
            rx.hstack(
                rx.text("Enter to send · Shift+Enter for a new line", size="1",
                        style=styles.muted, display=["none", "block"]),
                rx.spacer(), _counter(), _send_or_stop(), align="center", width="100%",
            ),
            spacing="2", width="100%", max_width=styles.CHAT_MAX, margin_x="auto",
        ),
        on_submit=ChatState.send,
        reset_on_submit=False,
        padding="0.75rem 1rem 1rem",
        border_top=f"1px solid {rx.color('gray', 4)}",
        background_color=rx.color("gray", 1),
        width="100%",
    )
