"""The Reflex app: theme, pages and the backend's extra endpoints."""

import logging

import reflex as rx

from todo_reflex import styles
from todo_reflex.api import api, security_and_metrics
from todo_reflex.components.connection_banner import connection_banner
from todo_reflex.core.logs import configure_logging
from todo_reflex.core.settings import get_settings
from todo_reflex.pages import (  # noqa: F401 - registers pages
    account,
    chat,
    password_reset,
    sign_in,
    tasks,
)
from todo_reflex.states.connection import on_backend_error


def start_logging() -> None:
    """Set up JSON logs in each backend worker at start, not at import.

    A build or a test that imports the app changes nothing. Migrations run from the
    entrypoints: ``make run`` (todo_reflex.runner), the image's ``migrate`` role,
    ``todo-admin migrate``.
    """
    settings = get_settings()
    configure_logging("todo-web", settings.log_level)
    logging.getLogger(__name__).info("Backend worker started")


app = rx.App(
    style=styles.base_style,
    api_transformer=[api, security_and_metrics],
    head_components=[rx.el.meta(name="color-scheme", content="light dark")],
    # a fragment: the wraps below this one become the banner's siblings, not its children
    extra_app_wraps={(4, "ConnectionBanner"): lambda _: rx.fragment(connection_banner())},
    backend_exception_handler=on_backend_error,
)
app.register_lifespan_task(start_logging)
