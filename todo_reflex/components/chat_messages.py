"""The conversation: message bubbles with markdown and tool chips, and the empty state."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.states.chat import Bubble, ChatState, Chip

EXAMPLES = [
    "add call dentist friday at 3pm high priority",
    "what's overdue?",
    "add eggs, butter and flour #shopping",
    "show my pending tasks",
]


def tool_chip(chip: Chip) -> rx.Component:
    """A compact note of what a tool did."""
    return rx.badge(
        rx.icon(rx.cond(chip.ok, "check", "circle-alert"), size=12),
        chip.text,
        color_scheme=rx.cond(chip.ok, "green", "orange"),
        variant="soft",
        radius="full",
        size="1",
        style={"white_space": "normal", "text_align": "left", "height": "auto",
               "max_width": "100%", "padding_y": "0.2rem"},
    )


def _typing() -> rx.Component:
    return rx.hstack(rx.spinner(size="1"), rx.text("Thinking…", size="2", style=styles.muted),
                     align="center")


def message_bubble(bubble: Bubble) -> rx.Component:
    """One message: the user's on the right, the assistant's on the left with its chips."""
    mine = bubble.role == "user"
    return rx.flex(
        rx.box(
            rx.cond(
                mine,
                rx.text(bubble.content, white_space="pre-wrap"),
                rx.cond(bubble.content == "", _typing(),
                        rx.markdown(bubble.content, use_raw=False, class_name="reply")),
            ),
            rx.cond(
                bubble.chips.length() > 0,
                rx.flex(rx.foreach(bubble.chips, tool_chip), wrap="wrap", gap="1", margin_top="2"),
            ),
            style=styles.bubble,
            background_color=rx.cond(mine, rx.color("accent", 9), rx.color("gray", 3)),
            color=rx.cond(mine, rx.color("accent", 1), rx.color("gray", 12)),
            border=rx.cond(mine, "none", f"1px solid {rx.color('gray', 5)}"),
        ),
        justify=rx.cond(mine, "end", "start"),
        width="100%",
    )


def _example(text: str) -> rx.Component:
    return rx.button(text, variant="surface", color_scheme="gray", size="2", radius="full",
                     on_click=ChatState.set_draft(text), style={"white_space": "normal"})


def empty_chat() -> rx.Component:
    """What a new conversation shows: what the assistant can do."""
    return rx.vstack(
        rx.center(rx.icon("sparkles", size=28), style=styles.hero_icon),
        rx.heading("What needs doing?", size="6", as_="h2"),
        rx.text("Tell me in your own words. I add, find, reschedule and finish tasks.",
                style=styles.muted, text_align="center"),
        rx.flex(*[_example(t) for t in EXAMPLES], wrap="wrap", gap="2", justify="center"),
        align="center",
        spacing="3",
        padding_y="10vh",
        max_width="34rem",
        margin_x="auto",
    )


def conversation() -> rx.Component:
    """The scrolling list of messages, kept at the newest."""
    return rx.auto_scroll(
        rx.cond(
            ChatState.messages.length() > 0,
            rx.vstack(rx.foreach(ChatState.messages, message_bubble), spacing="4",
                      width="100%", max_width=styles.CHAT_MAX, margin_x="auto"),
            empty_chat(),
        ),
        role="log",
        aria_live="polite",
        aria_label="Conversation",
        flex="1",
        min_height="0",
        padding="1rem",
        width="100%",
    )
