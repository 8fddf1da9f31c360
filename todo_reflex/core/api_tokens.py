"""Personal access tokens: let a user connect an external MCP client to their own tasks.

The plaintext (``tat_`` + 43 random URL-safe characters) is shown once at creation; only its
SHA-256 hash is stored, with a short prefix so the account page can tell tokens apart.
Changing the password or signing out everywhere revokes all of a user's tokens, as it ends
all of their sessions. Every function works in the caller's database session (``session=``);
a revocation tells the token caches
(:func:`~todo_reflex.core.token_cache.note_revocation`) once the caller commits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from todo_reflex.core.db import after_commit
from todo_reflex.core.errors import InvalidInput, Unauthorized
from todo_reflex.core.limits import MAX_EXPIRY_DAYS, MAX_TOKENS_PER_USER
from todo_reflex.core.models import ApiToken, ApiTokenPublic, utcnow
from todo_reflex.core.token_cache import note_revocation

TOKEN_PREFIX = "tat_"  # noqa: S105 - a public marker, not a secret
PREFIX_LENGTH = 12  # "tat_" and the first 8 random characters
LAST_USED_RESOLUTION = timedelta(minutes=1)  # at most one write per token a minute


@dataclass(frozen=True)
class NewApiToken:
    """A token just created: ``plaintext`` is shown to the user once and never again."""

    plaintext: str
    token: ApiTokenPublic


def looks_like_api_token(value: str) -> bool:
    """Whether a bearer value is shaped like a personal access token (not a JWT)."""
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX) and "." not in value


def hash_token(plaintext: str) -> str:
    """The stored form of a token: SHA-256, hex."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_api_token(
    *,
    session: Session,
    user_id: int,
    name: str,
    expires_in_days: int | None = None,
) -> NewApiToken:
    """Create a token for a user.

    Args:
        session: The caller's database session.
        user_id: The owner.
        name: What the user calls it, e.g. "Claude Desktop" (1-100 characters).
        expires_in_days: Lifetime; None for a token that lasts until revoked.

    Returns:
        The plaintext (show it once) and the stored token's public view.

    Raises:
        InvalidInput: On ``name``, ``expires_in_days``, or too many active tokens.
    """
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not 1 <= len(name) <= 100:
        raise InvalidInput("name", "give the token a name of 1 to 100 characters")
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise InvalidInput("expires_in_days", f"use 1 to {MAX_EXPIRY_DAYS} days, or none")
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        user_id=user_id,
        name=name,
        token_hash=hash_token(plaintext),
        prefix=plaintext[:PREFIX_LENGTH],
        created_at=now,
        expires_at=None if expires_in_days is None else now + timedelta(days=expires_in_days),
    )
    active = session.exec(
        select(sa.func.count()).select_from(ApiToken).where(*_active(user_id))
    ).one()
    if active >= MAX_TOKENS_PER_USER:
        raise InvalidInput("name", f"at most {MAX_TOKENS_PER_USER} active tokens: revoke one")
    session.add(row)
    session.flush()
    public = ApiTokenPublic.model_validate(row, from_attributes=True)
    return NewApiToken(plaintext=plaintext, token=public)


def list_api_tokens(
    *, session: Session, user_id: int, include_revoked: bool = False
) -> list[ApiTokenPublic]:
    """A user's tokens, newest first (never their secrets)."""
    query = select(ApiToken).where(ApiToken.user_id == user_id)
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    rows = session.exec(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return [ApiTokenPublic.model_validate(row, from_attributes=True) for row in rows]


def revoke_api_token(*, session: Session, user_id: int, token_id: int) -> bool:
    """Revoke one of a user's tokens (another user's token is treated as missing).

    The token caches are told once the caller commits.

    Returns:
        True when an active token was revoked.
    """
    result = session.execute(
        sa.update(ApiToken)
        .where(
            ApiToken.id == token_id,
            ApiToken.user_id == user_id,
            ApiToken.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    revoked = result.rowcount > 0
    if revoked:
        after_commit(session, note_revocation)
    return revoked


def revoke_user_api_tokens(*, session: Session, user_id: int) -> int:
    """Revoke every active token of a user (password changed, signed out everywhere).

    Once the caller commits, the token caches are told, so the MCP server refuses them from
    the next call on.

    Returns:
        How many tokens were revoked.
    """
    result = session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    count = result.rowcount
    if count:
        after_commit(session, note_revocation)
    return count


def check_api_token(*, session: Session, plaintext: str) -> tuple[int, datetime | None]:
    """The owner of an active token and when the token expires.

    Records when the token was last used (at most one write a minute).

    Raises:
        Unauthorized: Unknown, revoked or expired token.
    """
    if not looks_like_api_token(plaintext) or len(plaintext) > 100:
        raise Unauthorized("invalid token")
    digest = hash_token(plaintext)
    now = utcnow()
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == digest)).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        raise Unauthorized("invalid token")
    if row.revoked_at is not None:
        raise Unauthorized("token revoked")
    if row.expires_at is not None and row.expires_at <= now:
        raise Unauthorized("token expired")
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        row.last_used_at = now
        session.add(row)
    return row.user_id, row.expires_at


def _active(user_id: int) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        ApiToken.user_id == user_id,
        ApiToken.revoked_at.is_(None),
        sa.or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > utcnow()),
    )
