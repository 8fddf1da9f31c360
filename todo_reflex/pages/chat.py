"""`/chat` (placeholder until built)."""

import reflex as rx

from todo_reflex import routes
from todo_reflex.components.shell import template


@template(route=routes.CHAT, title="Chat")
def chat_page() -> rx.Component:
    """Placeholder."""
    return rx.heading("Chat", padding="2rem")
