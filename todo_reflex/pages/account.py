"""`/account` (placeholder until built)."""

import reflex as rx

from todo_reflex import routes
from todo_reflex.components.shell import template


@template(route=routes.ACCOUNT, title="Account")
def account_page() -> rx.Component:
    """Placeholder."""
    return rx.heading("Account", padding="2rem")
