"""What browsers may do with our pages: the security headers and the allowed origins.

One policy for every server that answers a browser: the Reflex backend (``todo_reflex/api.py``),
the static frontend server (``todo_reflex/frontend_server.py``) and the Ingress, whose Helm
values ``tests/deploy/test_browser_policy.py`` keeps equal to :func:`security_headers`.
Plain data: no web framework here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

# ingress-nginx sends exactly this on TLS hosts by default (ConfigMap `hsts*` keys).
HSTS = "max-age=31536000; includeSubDomains"
# Only in development: a page on :3000 calling a backend on :8000 over plain HTTP.
DEV_CONNECT_SOURCES = ("http://localhost:*", "http://127.0.0.1:*")


class OriginsError(ValueError):
    """The configured origins cannot be used (missing, a wildcard in production, or malformed)."""


def content_security_policy(*, dev: bool = False) -> str:
    """The Content-Security-Policy of every page.

    Args:
        dev: Also allow HTTP calls to a backend on another local port.

    Returns:
        The policy, directives separated by ``; ``.
    """
    # 'self' covers the websocket on the page's own host; ws:/wss: keep older Safari working
    connect = ["'self'", "ws:", "wss:", *(DEV_CONNECT_SOURCES if dev else ())]
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Reflex evaluates call_script
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src {' '.join(connect)}",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ])


def security_headers(*, https: bool, dev: bool = False) -> dict[str, str]:
    """The response headers every server of the app sends, by header name.

    Args:
        https: The browser reached us over TLS: add Strict-Transport-Security.
        dev: Development policy (see :func:`content_security_policy`).

    Returns:
        Header name to value, names in their usual capitalisation.
    """
    headers = {
        "Content-Security-Policy": content_security_policy(dev=dev),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "X-XSS-Protection": "0",  # the old XSS auditor is itself a hole; the CSP replaces it
    }
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def reached_over_tls(scope: Mapping[str, Any]) -> bool:
    """Whether an ASGI request came over TLS, here or at the proxy in front (X-Forwarded-Proto).

    Trusting the header is safe: it only adds HSTS, which browsers ignore over plain HTTP.
    """
    forwarded = dict(scope.get("headers", [])).get(b"x-forwarded-proto", b"")
    return scope.get("scheme") == "https" or forwarded.split(b",")[0].strip().lower() == b"https"


def allowed_origins(configured: Iterable[str], *, production: bool) -> list[str]:
    """The origins allowed to call the backend and open its websocket.

    Args:
        configured: ``CORS_ORIGINS`` entries, e.g. ``["https://todo.example.com"]``.
        production: ``APP_ENV=prod``: the origins must be listed, never ``*``.

    Returns:
        The origins (``scheme://host[:port]``), or ``["*"]`` outside production when none is set.

    Raises:
        OriginsError: In production with no origin or ``*``; or an entry is not an origin.
    """
    origins = [_origin(entry, production=production) for entry in configured]
    if production and not origins:
        raise OriginsError(
            "CORS_ORIGINS must list the app's public origin(s) when APP_ENV=prod, e.g. "
            "CORS_ORIGINS=https://todo.example.com (the Helm chart sets it from ingress.host): "
            "without it any web site could open the backend's websocket"
        )
    return origins or ["*"]


def _origin(entry: str, *, production: bool) -> str:
    if entry == "*":
        if production:
            raise OriginsError(
                "The origin * is refused when APP_ENV=prod (check CORS_ORIGINS and "
                "REFLEX_CORS_ALLOWED_ORIGINS): list the public origin(s), e.g. "
                "https://todo.example.com"
            )
        return entry
    parts = urlsplit(entry)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or "@" in parts.netloc
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
    ):
        raise OriginsError(
            f"CORS_ORIGINS entry {entry!r} is not an origin: use scheme://host[:port] "
            "(no path), e.g. https://todo.example.com"
        )
    return f"{parts.scheme}://{parts.netloc}".lower()
