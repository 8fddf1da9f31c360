"""Signed-in sessions: a row in ``sessions`` plus a Redis hash ``session:{sid}``.

Every function works in the caller's database session (``session=``, from
:func:`~todo_reflex.core.db.session_scope`); Redis is the process's (``REDIS_URL``).
Look-ups read Redis first, fall back to the database on a miss (or when Redis is down) and
re-cache. Revocation marks the row; once the caller commits, the cache entry is deleted and
the token caches are told (:func:`~todo_reflex.core.token_cache.note_revocation`), so no
other process can re-cache the row as it was before the commit. Redis down is never an
error for the user: sessions then live in the database alone. Known limit: if the delete fails
because Redis is unreachable and Redis later comes back with its data, the stale entry is
trusted until its TTL (at most ``session_ttl_seconds``) ends.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from todo_reflex.core.api_tokens import revoke_user_api_tokens
from todo_reflex.core.cache import cache_delete, cache_get_hash, cache_set_hash, redis_client
from todo_reflex.core.db import after_commit
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.models import UserSession, utcnow
from todo_reflex.core.settings import get_settings
from todo_reflex.core.token_cache import note_revocation

_SID_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class SessionInfo:
    """An active session as the rest of the app sees it."""

    id: str
    user_id: int
    expires_at: datetime


def cache_key(session_id: str) -> str:
    """The Redis key of a session."""
    return f"session:{session_id}"


def create_session(
    *,
    session: Session,
    user_id: int,
    ttl_seconds: int | None = None,
    ip_address: str = "",
    user_agent: str = "",
) -> SessionInfo:
    """Start a session for a user: add the row; it is cached once the caller commits.

    Args:
        session: The caller's database session.
        user_id: The signed-in user.
        ttl_seconds: Lifetime; ``SESSION_TTL_SECONDS`` by default.
        ip_address: Client address, for the account page.
        user_agent: Client description, for the account page.

    Returns:
        The new session; its ``id`` is the ``sid`` claim of tokens.
    """
    ttl = get_settings().session_ttl_seconds if ttl_seconds is None else ttl_seconds
    if ttl <= 0:
        raise InvalidInput("ttl", "a session lifetime must be a positive number of seconds")
    now = utcnow().replace(microsecond=0)  # whole seconds: the cache keeps epoch seconds
    row = UserSession(
        id=secrets.token_urlsafe(32),
        user_id=user_id,
        created_at=now,
        expires_at=now + timedelta(seconds=ttl),
        ip_address=ip_address[:64],
        user_agent=user_agent[:512],
    )
    session.add(row)
    session.flush()
    info = SessionInfo(id=row.id, user_id=user_id, expires_at=row.expires_at)
    after_commit(session, lambda: _cache(info))
    return info


def get_active_session(*, session: Session, session_id: str) -> SessionInfo | None:
    """The session with this id if it exists, is not revoked and has not expired.

    Reads Redis first; on a miss (or Redis down) reads the database and re-caches. A Redis
    hit does not touch ``session`` (so it works while the database is down).

    Args:
        session_id: The ``sid`` from a token or cookie.
        session: The caller's database session (read-only is fine).

    Returns:
        The session, or None when it is unknown, revoked or expired.
    """
    if not isinstance(session_id, str) or not _SID_SHAPE.fullmatch(session_id):
        return None
    now = utcnow()
    cached = _from_cache(cache_get_hash(redis_client(), cache_key(session_id)), session_id)
    if cached is not None:
        return cached if cached.expires_at > now else None
    row = session.get(UserSession, session_id)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    info = SessionInfo(id=row.id, user_id=row.user_id, expires_at=row.expires_at)
    _cache(info)
    return info


def revoke_session(*, session: Session, session_id: str) -> bool:
    """Sign one session out (logout): mark the row revoked; the cache entry goes at commit.

    Returns:
        True when an active session was revoked.
    """
    if not isinstance(session_id, str) or not _SID_SHAPE.fullmatch(session_id):
        return False
    result = session.execute(
        sa.update(UserSession)
        .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    revoked = result.rowcount > 0
    after_commit(session, lambda: forget_sessions([session_id], revoked=revoked))
    return revoked


def revoke_user_sessions(
    *,
    session: Session,
    user_id: int,
    except_session_id: str | None = None,
    revoke_api_tokens: bool = True,
) -> int:
    """Sign a user out everywhere, optionally keeping the current session.

    Personal access tokens are revoked too (unless ``revoke_api_tokens`` is False): a token
    copied from a stolen session must not outlive "sign out everywhere". The cache entries
    go, and the token caches are told, once the caller commits.

    Args:
        user_id: The user.
        session: The caller's database session.
        except_session_id: The session that stays signed in (a password change), or None.
        revoke_api_tokens: Whether to revoke the user's personal access tokens as well.

    Returns:
        How many active sessions were revoked (tokens not included).
    """
    query = select(UserSession.id).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if except_session_id is not None:
        query = query.where(UserSession.id != except_session_id)
    ids = list(session.exec(query))
    if ids:
        session.execute(
            sa.update(UserSession)
            .where(UserSession.id.in_(ids), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    if revoke_api_tokens:
        revoke_user_api_tokens(session=session, user_id=user_id)
    after_commit(session, lambda: forget_sessions(ids, revoked=bool(ids)))
    return len(ids)


def list_active_sessions(*, session: Session, user_id: int) -> list[UserSession]:
    """A user's active sessions, newest first (for the account page)."""
    rows = session.exec(
        select(UserSession)
        .where(
            UserSession.user_id == user_id,
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > utcnow(),
        )
        .order_by(UserSession.created_at.desc())
    )
    return list(rows)


def purge_expired_sessions(
    *, session: Session, older_than: timedelta = timedelta(days=30)
) -> int:
    """Delete rows of sessions that expired or were revoked more than ``older_than`` ago.

    Returns:
        How many rows were deleted.
    """
    cutoff = utcnow() - older_than
    result = session.execute(
        sa.delete(UserSession).where(
            sa.or_(UserSession.expires_at < cutoff, UserSession.revoked_at < cutoff)
        )
    )
    return result.rowcount


def forget_sessions(session_ids: list[str], *, revoked: bool) -> None:
    """Drop sessions from the Redis cache; when ``revoked``, tell the token caches too.

    Call after the commit that revoked (or deleted) them.
    """
    cache_delete(redis_client(), *(cache_key(sid) for sid in session_ids))
    if revoked:
        note_revocation()


def _cache(info: SessionInfo) -> None:
    remaining = int((info.expires_at - utcnow()).total_seconds())
    ttl = min(get_settings().session_ttl_seconds, remaining)
    fields = {"user_id": info.user_id, "expires_at": int(info.expires_at.timestamp())}
    cache_set_hash(redis_client(), cache_key(info.id), fields, ttl_seconds=ttl)


def _from_cache(fields: dict[str, str] | None, session_id: str) -> SessionInfo | None:
    if not fields:
        return None
    try:
        user_id = int(fields["user_id"])
        expires_at = datetime.fromtimestamp(int(fields["expires_at"]), UTC)
    except (KeyError, ValueError, OverflowError):
        return None  # an entry we did not write: ignore it, the database decides
    return SessionInfo(id=session_id, user_id=user_id, expires_at=expires_at)
