"""Who is calling: one function turns a bearer token into a user, for the MCP server.

Two kinds of bearer are accepted: the app's short-lived JWTs (audience checked, session
active) and personal access tokens (``tat_…``) that a user created for an external client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa

from todo_reflex.core.api_tokens import looks_like_api_token, resolve_api_token
from todo_reflex.core.errors import Unauthorized
from todo_reflex.core.settings import Settings, get_settings
from todo_reflex.core.tokens import verify_token


@dataclass(frozen=True)
class Identity:
    """A verified caller."""

    user_id: int
    via: Literal["jwt", "pat"]
    session_id: str | None = None
    """The session of a JWT; None for a personal access token."""


def resolve_bearer(
    token: str,
    *,
    audience: str | None = None,
    engine: sa.Engine | None = None,
    settings: Settings | None = None,
) -> Identity:
    """Verify a bearer token (a JWT or a personal access token) and name its user.

    Args:
        token: The token, with or without a leading ``Bearer``.
        audience: The audience a JWT must carry; ``settings.mcp_audience`` by default.
        engine: Database engine; the one for ``settings.database_url`` by default.
        settings: Settings; the process-wide ones by default.

    Returns:
        The caller's identity.

    Raises:
        Unauthorized: Missing, malformed, forged, expired or revoked credentials.
    """
    settings = settings or get_settings()
    value = token.strip() if isinstance(token, str) else ""
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    if not value:
        raise Unauthorized("missing bearer token")
    if looks_like_api_token(value):
        user_id = resolve_api_token(value, engine=engine, settings=settings)
        return Identity(user_id=user_id, via="pat")
    claims = verify_token(
        value, audience=audience or settings.mcp_audience, engine=engine, settings=settings
    )
    return Identity(user_id=claims.user_id, via="jwt", session_id=claims.session_id)
