"""JSON Web Tokens for the app and the MCP server (pyjwt, HS256 pinned).

Every token names its session (``sid``): verification checks the signature and claims, then
that the session is still active, so logout revokes tokens already handed out. MCP tokens
(audience ``MCP_AUDIENCE``) live at most five minutes; a longer-lived one is refused. Secrets,
issuer and audiences are the process's settings.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from sqlmodel import Session

from todo_reflex.core.errors import InvalidInput, Unauthorized
from todo_reflex.core.models import utcnow
from todo_reflex.core.sessions import get_active_session
from todo_reflex.core.settings import Settings, get_settings

ALGORITHM = "HS256"
MAX_MCP_TTL_SECONDS = 300
REQUIRED_CLAIMS = ("iss", "aud", "sub", "sid", "iat", "exp", "jti")
LEEWAY_SECONDS = 5


@dataclass(frozen=True)
class TokenClaims:
    """The verified content of a token."""

    user_id: int
    session_id: str
    audience: str
    issued_at: datetime
    expires_at: datetime
    token_id: str


def issue_token(
    *,
    user_id: int,
    session_id: str,
    audience: str,
    ttl_seconds: int,
    now: datetime | None = None,
) -> str:
    """Sign a token for a user's session.

    Args:
        user_id: The subject (``sub``, as a string).
        session_id: The session the token belongs to (``sid``).
        audience: Who may accept it (``aud``).
        ttl_seconds: Lifetime in seconds (at most 300 for the MCP audience).
        now: Issue time, for tests; the current time by default.

    Returns:
        The encoded JWT.

    Raises:
        InvalidInput: On field ``ttl`` for a non-positive lifetime or an MCP token over 300 s.
    """
    settings = get_settings()
    if ttl_seconds <= 0:
        raise InvalidInput("ttl", "a token lifetime must be a positive number of seconds")
    if audience == settings.mcp_audience and ttl_seconds > MAX_MCP_TTL_SECONDS:
        raise InvalidInput("ttl", f"MCP tokens live at most {MAX_MCP_TTL_SECONDS} seconds")
    issued = (now or utcnow()).astimezone(UTC)
    claims = {
        "iss": settings.jwt_issuer,
        "aud": audience,
        "sub": str(user_id),
        "sid": session_id,
        "iat": int(issued.timestamp()),
        "exp": int((issued + timedelta(seconds=ttl_seconds)).timestamp()),
        "jti": secrets.token_urlsafe(12),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def issue_app_token(*, user_id: int, session_id: str) -> str:
    """A token for the web app: audience ``jwt_audience``, lives as long as a session."""
    settings = get_settings()
    return issue_token(
        user_id=user_id,
        session_id=session_id,
        audience=settings.jwt_audience,
        ttl_seconds=settings.session_ttl_seconds,
    )


def issue_mcp_token(*, user_id: int, session_id: str, ttl_seconds: int | None = None) -> str:
    """A short-lived token for the MCP server: audience ``mcp_audience``, at most 300 s."""
    settings = get_settings()
    return issue_token(
        user_id=user_id,
        session_id=session_id,
        audience=settings.mcp_audience,
        ttl_seconds=settings.mcp_token_ttl_seconds if ttl_seconds is None else ttl_seconds,
    )


def decode_token(token: str, *, audience: str | None = None) -> TokenClaims:
    """Check a token's signature, algorithm and claims (not its session).

    Args:
        token: The encoded JWT.
        audience: The audience required; ``settings.jwt_audience`` by default.

    Returns:
        The claims.

    Raises:
        Unauthorized: With a short reason (invalid, expired, wrong audience or issuer).
    """
    settings = get_settings()
    audience = audience or settings.jwt_audience
    if not isinstance(token, str) or not token or len(token) > 4096:
        raise Unauthorized("invalid token")
    try:
        payload = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=settings.jwt_issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": list(REQUIRED_CLAIMS), "strict_aud": True},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("token expired") from None
    except (jwt.InvalidAudienceError, jwt.InvalidIssuerError):
        raise Unauthorized("token not issued for this service") from None
    except jwt.MissingRequiredClaimError:
        raise Unauthorized("invalid token: missing claims") from None
    except jwt.PyJWTError:
        raise Unauthorized("invalid token") from None
    return _claims(payload, audience, settings)


def verify_token(*, session: Session, token: str, audience: str | None = None) -> TokenClaims:
    """Check a token fully: signature, algorithm, claims, and that its session is active.

    Args:
        token: The encoded JWT.
        session: The caller's database session, for the session check (read-only is fine).
        audience: The audience required; ``settings.jwt_audience`` by default.

    Returns:
        The claims of a token whose session is active and belongs to its subject.

    Raises:
        Unauthorized: With a short reason.
    """
    claims = decode_token(token, audience=audience)
    active = get_active_session(session_id=claims.session_id, session=session)
    if active is None or active.user_id != claims.user_id:
        raise Unauthorized("session expired or signed out")
    return claims


def _claims(payload: dict, audience: str, settings: Settings) -> TokenClaims:
    sub, sid, jti = payload["sub"], payload["sid"], payload["jti"]
    iat, exp = payload["iat"], payload["exp"]
    if not (isinstance(sub, str) and sub.isdigit() and 0 < len(sub) <= 18):
        raise Unauthorized("invalid token: bad subject")
    if not (isinstance(sid, str) and 0 < len(sid) <= 64 and isinstance(jti, str)):
        raise Unauthorized("invalid token: bad session")
    if not (isinstance(iat, int) and isinstance(exp, int)) or exp <= iat:
        raise Unauthorized("invalid token: bad lifetime")
    if audience == settings.mcp_audience and exp - iat > MAX_MCP_TTL_SECONDS:
        raise Unauthorized("invalid token: lifetime too long for this service")
    return TokenClaims(
        user_id=int(sub),
        session_id=sid,
        audience=audience,
        issued_at=datetime.fromtimestamp(iat, UTC),
        expires_at=datetime.fromtimestamp(exp, UTC),
        token_id=jti,
    )
