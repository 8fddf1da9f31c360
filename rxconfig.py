"""Reflex configuration, derived from the app's own settings (one source of truth)."""

import reflex as rx

from todo_reflex import styles
from todo_reflex.core.browser_policy import allowed_origins
from todo_reflex.core.settings import apply_reflex_environment, get_settings

settings = get_settings()
apply_reflex_environment(settings)
production = settings.app_env == "prod"

config = rx.Config(
    app_name="todo_reflex",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=settings.redis_url or None,
    # CORS and the websocket handshake (socket.io checks the Origin header against this list)
    cors_allowed_origins=allowed_origins(settings.cors_origin_list, production=production),
    default_color_mode="system",
    plugins=[rx.plugins.RadixThemesPlugin(theme=styles.theme)],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # the export carries .br and .gz beside each file; the frontend server sends the best one
    frontend_compression_formats=["brotli", "gzip"],
)
# REFLEX_CORS_ALLOWED_ORIGINS overrides the value above: hold it to the same rule
allowed_origins(config.cors_allowed_origins, production=production)
