"""The conversation: bubbles, tool chips, the reply being written, "show earlier", empty state."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.states.chat import Bubble, ChatState, Chip, ReplyState

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


def _user_bubble(content: rx.Var[str]) -> rx.Component:
    return rx.flex(
        rx.box(
            rx.text(content, white_space="pre-wrap"),
            style=styles.bubble,
            background_color=rx.color("accent", 9),
            color=rx.color("accent", 1),
        ),
        justify="end",
        width="100%",
    )


def _assistant_bubble(content: rx.Var[str], chips: rx.Var[list[Chip]]) -> rx.Component:
    return rx.flex(
        rx.box(
            rx.cond(content == "", _typing(),
                    rx.markdown(content, use_raw=False, class_name="reply")),
            rx.cond(
                chips.length() > 0,
                rx.flex(rx.foreach(chips, tool_chip), wrap="wrap", gap="1", margin_top="2"),
            ),
            style=styles.bubble,
            background_color=rx.color("gray", 3),
            color=rx.color("gray", 12),
            border=f"1px solid {rx.color('gray', 5)}",
        ),
        justify="start",
        width="100%",
    )


def message_bubble(bubble: Bubble) -> rx.Component:
    """One message: the user's on the right, the assistant's on the left with its chips."""
    return rx.cond(bubble.role == "user", _user_bubble(bubble.content),
                   _assistant_bubble(bubble.content, bubble.chips))


def streaming_reply() -> rx.Component:
    """The turn in progress, below the conversation: the message sent, the reply so far."""
    return rx.cond(
        ReplyState.asking != "",
        rx.vstack(_user_bubble(ReplyState.asking),
                  _assistant_bubble(ReplyState.text, ReplyState.chips),
                  spacing="4", width="100%", max_width=styles.CHAT_MAX, margin_x="auto",
                  padding_top="1rem"),
    )


def _show_earlier() -> rx.Component:
    return rx.cond(
        ChatState.has_earlier,
        rx.center(
            rx.button(rx.icon("chevron-up", size=14), "Show earlier messages",
                      on_click=ChatState.load_earlier, variant="soft", color_scheme="gray",
                      size="1", radius="full"),
            width="100%",
        ),
    )


def _example(text: str) -> rx.Component:
    return rx.button(rx.icon("message-square-quote", size=14), f"“{text}”", variant="ghost",
                     color_scheme="gray", size="2", radius="full",
                     on_click=ChatState.set_draft(text), aria_label=f"Example: {text}",
                     title="Put this example in the message box",
                     style={"white_space": "normal", "font_style": "italic"})


def _examples() -> rx.Component:
    """Phrasings to try, labelled as examples so nobody takes them for tasks."""
    return rx.vstack(
        rx.text("Try saying…", size="1", weight="medium", style=styles.muted,
                text_transform="uppercase", letter_spacing="0.06em"),
        rx.flex(*[_example(t) for t in EXAMPLES], wrap="wrap", gap="2", justify="center"),
        role="group", aria_label="Examples to try", align="center", spacing="2",
        padding="0.75rem", border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="var(--radius-4)", width="100%",
    )


def empty_chat() -> rx.Component:
    """What a new conversation shows: what the assistant can do."""
    return rx.vstack(
        rx.center(rx.icon("sparkles", size=28), style=styles.hero_icon),
        rx.heading("What needs doing?", size="6", as_="h2"),
        rx.text("Tell me in your own words. I add, find, reschedule and finish tasks.",
                style=styles.muted, text_align="center"),
        _examples(),
        align="center",
        spacing="3",
        padding_y="10vh",
        max_width="34rem",
        margin_x="auto",
    )


def _quick_answers() -> rx.Component:
    """Yes / No under a reply that asks ("Add “dentist” due Fri 15:00?"): one tap answers."""
    return rx.cond(
        ChatState.awaiting_yes & ~ChatState.streaming,
        rx.hstack(
            rx.button(rx.icon("check", size=14), "Yes", size="2", radius="full",
                      on_click=ChatState.answer("yes"), aria_label="Answer yes"),
            rx.button(rx.icon("x", size=14), "No", size="2", radius="full", variant="soft",
                      color_scheme="gray", on_click=ChatState.answer("no"),
                      aria_label="Answer no"),
            role="group", aria_label="Quick answers", spacing="2", padding_left="0.25rem",
        ),
    )


def conversation() -> rx.Component:
    """The scrolling list of messages, kept at the newest, with the reply being written."""
    empty = ((ChatState.messages.length() == 0) & (ChatState.recent.length() == 0)
             & ~ChatState.streaming)
    return rx.auto_scroll(
        rx.cond(
            empty,
            empty_chat(),
            rx.vstack(_show_earlier(), rx.foreach(ChatState.messages, message_bubble),
                      rx.foreach(ChatState.recent, message_bubble), _quick_answers(),
                      spacing="4",
                      width="100%", max_width=styles.CHAT_MAX, margin_x="auto"),
        ),
        streaming_reply(),
        role="log",
        aria_live="polite",
        aria_label="Conversation",
        flex="1",
        min_height="0",
        padding="1rem",
        width="100%",
    )
