"""Reflex configuration, derived from the app's own settings (one source of truth)."""

import reflex as rx

from todo_reflex import styles
from todo_reflex.core.settings import apply_reflex_environment, get_settings

settings = get_settings()
apply_reflex_environment(settings)

config = rx.Config(
    app_name="todo_reflex",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=settings.redis_url or None,
    cors_allowed_origins=settings.cors_origin_list or ["*"],
    default_color_mode="system",
    plugins=[rx.plugins.RadixThemesPlugin(theme=styles.theme)],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
