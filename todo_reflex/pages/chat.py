"""``/chat``: conversations on the left, the chat in the middle, live tasks on the right."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.chat_input import composer
from todo_reflex.components.chat_messages import conversation
from todo_reflex.components.shell import template
from todo_reflex.components.task_panel import task_panel
from todo_reflex.components.thread_list import thread_list
from todo_reflex.states.chat import ChatState
from todo_reflex.states.task_panel import TaskPanelState


def _mobile_drawer(label: str, icon: str, content: rx.Component, side: str) -> rx.Component:
    return rx.drawer.root(
        rx.drawer.trigger(rx.button(rx.icon(icon, size=16), label, variant="soft",
                                    color_scheme="gray", size="2")),
        rx.drawer.overlay(),
        rx.drawer.portal(rx.drawer.content(
            rx.box(content, style=styles.side_panel), width="19rem", height="100%",
            top="0", **{side: "0"}, background_color=rx.color("gray", 2),
        )),
        direction=side,
    )


def _mobile_bar() -> rx.Component:
    return rx.hstack(
        _mobile_drawer("Chats", "messages-square", thread_list(), "left"),
        rx.spacer(),
        _mobile_drawer("Tasks", "list-checks", task_panel(), "right"),
        padding="0.5rem 1rem", width="100%", display=["flex", "flex", "flex", "none"],
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _side(content: rx.Component, width: str, edge: str, show: list[str]) -> rx.Component:
    return rx.box(content, style=styles.side_panel, width=width, flex_shrink="0",
                  display=show, **{f"border_{edge}": f"1px solid {rx.color('gray', 4)}"})


@template(route=routes.CHAT, title="Chat", on_load=[ChatState.load_messages,
                                                     TaskPanelState.load])
def chat_page() -> rx.Component:
    """The chat with its two side panels (drawers on small screens)."""
    return rx.flex(
        _side(thread_list(), "15rem", "right", ["none", "none", "none", "block"]),
        rx.flex(_mobile_bar(), conversation(), composer(), direction="column", flex="1",
                min_width="0", height="100%"),
        _side(task_panel(), styles.PANEL_WIDTH, "left", ["none", "none", "none", "block"]),
        height=["calc(100dvh - 3.6rem)", "calc(100dvh - 3.6rem)", "100dvh"],
        width="100%",
    )
