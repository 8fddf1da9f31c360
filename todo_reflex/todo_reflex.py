"""The Reflex app: theme, pages and the backend's extra endpoints."""

import reflex as rx

from todo_reflex import styles
from todo_reflex.api import api, security_and_metrics
from todo_reflex.core.logs import configure_logging
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.settings import get_settings
from todo_reflex.pages import account, chat, sign_in, tasks  # noqa: F401 - registers pages

settings = get_settings()
configure_logging("phaseiv-backend", settings.log_level)
if settings.is_sqlite:
    upgrade(settings.database_url)  # the embedded database keeps itself current

app = rx.App(
    style=styles.base_style,
    api_transformer=[api, security_and_metrics],
    head_components=[rx.el.meta(name="color-scheme", content="light dark")],
)
