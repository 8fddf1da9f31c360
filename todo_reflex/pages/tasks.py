"""`/tasks` (placeholder until built)."""

import reflex as rx

from todo_reflex import routes
from todo_reflex.components.shell import template


@template(route=routes.TASKS, title="Tasks")
def tasks_page() -> rx.Component:
    """Placeholder."""
    return rx.heading("Tasks", padding="2rem")
