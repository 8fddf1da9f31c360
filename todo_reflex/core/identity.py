"""Who is calling: one function turns a bearer token into a user, for the MCP server.

Two kinds of bearer are accepted: the app's short-lived JWTs (audience checked, session
active) and personal access tokens (``tat_…``) that a user created for an external client.
The check reads everything it needs (session or token row, and the user's time zone) in one
database session, so a caller needs no further query to act for the user. It is an edge
of the core, like a tool call: it opens its own database session (a read-only one for a JWT,
and it falls back on Redis when the database is down), unless the caller hands it the session
the rest of its request will use (the MCP server: token check and tool in one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from todo_reflex.core.api_tokens import check_api_token, looks_like_api_token
from todo_reflex.core.db import session_or_own, session_scope
from todo_reflex.core.errors import Unauthorized, dependency_down
from todo_reflex.core.models import User
from todo_reflex.core.sessions import SessionInfo, get_active_session
from todo_reflex.core.settings import get_settings
from todo_reflex.core.tokens import TokenClaims, decode_token


@dataclass(frozen=True)
class Identity:
    """A verified caller."""

    user_id: int
    via: Literal["jwt", "pat"]
    session_id: str | None = None
    """The session of a JWT; None for a personal access token."""
    timezone: str | None = None
    """The user's IANA time zone when the token was checked; None if the database was down."""
    expires_at: datetime | None = None
    """When the credential stops being valid (token or session expiry); None: when revoked."""


def resolve_bearer(
    token: str, *, audience: str | None = None, db: Session | None = None
) -> Identity:
    """Verify a bearer token (a JWT or a personal access token) and name its user.

    Args:
        token: The token, with or without a leading ``Bearer``.
        audience: The audience a JWT must carry; ``MCP_AUDIENCE`` by default.
        db: The caller's database session for the reads (and a personal token's last-use
            write, which the caller commits); by default the check opens its own.

    Returns:
        The caller's identity.

    Raises:
        Unauthorized: Missing, malformed, forged, expired or revoked credentials, or an
            account that no longer exists.
        Exception: A database error when the credential can't be checked without it
            (``errors.dependency_down`` tells); with the database down, a JWT whose session
            Redis still holds is accepted without ``timezone``.
    """
    value = token.strip() if isinstance(token, str) else ""
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    if not value:
        raise Unauthorized("missing bearer token")
    if looks_like_api_token(value):
        with session_or_own(db) as read:  # records the token's last use
            user_id, expires_at = check_api_token(plaintext=value, session=read)
            return Identity(user_id, "pat", None, _timezone(read, user_id), expires_at)
    claims = decode_token(value, audience=audience or get_settings().mcp_audience)
    try:
        with session_or_own(db, read_only=True) as read:
            session = _active(claims, get_active_session(session=read,
                                                         session_id=claims.session_id))
            timezone = _timezone(read, claims.user_id)
    except Exception as error:
        if not dependency_down(error):
            raise
        if db is not None:
            db.rollback()  # its connection failed: the caller's next use takes a new one
        # The database is down: a session that Redis still vouches for names the caller (a
        # Redis hit never touches the lazily connecting session below).
        with session_scope() as lazy:
            session = _active(claims, get_active_session(session=lazy,
                                                         session_id=claims.session_id))
        timezone = None
    expires_at = min(claims.expires_at, session.expires_at)
    return Identity(claims.user_id, "jwt", claims.session_id, timezone, expires_at)


def _active(claims: TokenClaims, session: SessionInfo | None) -> SessionInfo:
    if session is None or session.user_id != claims.user_id:
        raise Unauthorized("session expired or signed out")
    return session


def _timezone(db: Session, user_id: int) -> str:
    user = db.get(User, user_id)
    if user is None:
        raise Unauthorized("the account of this token no longer exists")
    return user.timezone
