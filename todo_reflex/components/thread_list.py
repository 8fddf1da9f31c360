"""The list of conversations: new, open, rename, delete."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.states.chat import ChatState
from todo_reflex.states.threads import ThreadItem, ThreadListState


def _rename_form(item: ThreadItem) -> rx.Component:
    return rx.form(
        rx.input(name="title", default_value=item.title, aria_label="Conversation title",
                 size="2", auto_focus=True, max_length=200),
        on_submit=ThreadListState.rename,
        width="100%",
    )


def _menu(item: ThreadItem) -> rx.Component:
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(
            rx.icon_button(rx.icon("ellipsis", size=14), variant="ghost", size="1",
                           color_scheme="gray", aria_label="Conversation options"),
        ),
        rx.dropdown_menu.content(
            rx.dropdown_menu.item("Rename", on_click=ThreadListState.start_rename(item.id)),
            rx.dropdown_menu.item("Delete", color="red",
                                  on_click=[ThreadListState.delete(item.id),
                                            ChatState.load_messages]),
        ),
    )


def thread_item(item: ThreadItem) -> rx.Component:
    """One conversation in the list."""
    active = ThreadListState.active_id == item.id
    return rx.cond(
        ThreadListState.renaming_id == item.id,
        _rename_form(item),
        rx.hstack(
            rx.button(
                rx.text(item.title, size="2", style=styles.one_line, width="100%",
                        text_align="left"),
                on_click=[ThreadListState.open_thread(item.id), ChatState.load_messages],
                variant=rx.cond(active, "soft", "ghost"),
                color_scheme=rx.cond(active, "violet", "gray"),
                justify="start", flex="1", min_width="0",
                aria_current=rx.cond(active, "true", "false"),
            ),
            _menu(item),
            align="center", width="100%", spacing="1",
        ),
    )


def thread_list() -> rx.Component:
    """All conversations with a New button on top."""
    return rx.vstack(
        rx.button(rx.icon("plus", size=16), "New chat",
                  on_click=[ThreadListState.new_thread, ChatState.load_messages],
                  width="100%", variant="outline"),
        rx.text("Conversations", size="1", weight="medium", style=styles.muted),
        rx.vstack(rx.foreach(ThreadListState.items, thread_item), spacing="1", width="100%"),
        spacing="3",
        width="100%",
    )
