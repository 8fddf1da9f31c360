"""Signed-in sessions: a row in ``sessions`` plus a Redis hash ``session:{sid}``.

Look-ups read Redis first, fall back to the database on a miss (or when Redis is down) and
re-cache. Revocation marks the row first, then deletes the cache entry and tells the token
caches (:func:`~todo_reflex.core.token_cache.note_revocation`). Redis down is never an
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
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.models import UserSession, utcnow
from todo_reflex.core.settings import Settings, get_settings
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
    user_id: int,
    ttl_seconds: int | None = None,
    ip_address: str = "",
    user_agent: str = "",
    engine: sa.Engine | None = None,
    settings: Settings | None = None,
) -> SessionInfo:
    """Start a session for a user: insert the row, then cache it.

    Args:
        user_id: The signed-in user.
        ttl_seconds: Lifetime; ``settings.session_ttl_seconds`` by default.
        ip_address: Client address, for the account page.
        user_agent: Client description, for the account page.
        engine: Database engine; the one for ``settings.database_url`` by default.
        settings: Settings; the process-wide ones by default.

    Returns:
        The new session; its ``id`` is the ``sid`` claim of tokens.
    """
    settings, engine = _deps(settings, engine)
    ttl = settings.session_ttl_seconds if ttl_seconds is None else ttl_seconds
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
    with session_scope(engine) as db:
        db.add(row)
    info = SessionInfo(id=row.id, user_id=user_id, expires_at=row.expires_at)
    _cache(info, settings)
    return info


def get_active_session(
    session_id: str,
    *,
    engine: sa.Engine | None = None,
    settings: Settings | None = None,
    db: Session | None = None,
) -> SessionInfo | None:
    """The session with this id if it exists, is not revoked and has not expired.

    Reads Redis first; on a miss (or Redis down) reads the database and re-caches.

    Args:
        session_id: The ``sid`` from a token or cookie.
        engine: Database engine; the one for ``settings.database_url`` by default.
        settings: Settings; the process-wide ones by default.
        db: An open database session to read with (the caller's); a new one by default.

    Returns:
        The session, or None when it is unknown, revoked or expired.
    """
    if not isinstance(session_id, str) or not _SID_SHAPE.fullmatch(session_id):
        return None
    settings, engine = _deps(settings, engine)
    now = utcnow()
    cached = _from_cache(cache_get_hash(redis_client(settings), cache_key(session_id)), session_id)
    if cached is not None:
        return cached if cached.expires_at > now else None
    if db is not None:
        row = db.get(UserSession, session_id)
    else:
        with session_scope(engine, read_only=True) as own:
            row = own.get(UserSession, session_id)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    info = SessionInfo(id=row.id, user_id=row.user_id, expires_at=row.expires_at)
    _cache(info, settings)
    return info


def revoke_session(
    session_id: str, *, engine: sa.Engine | None = None, settings: Settings | None = None
) -> bool:
    """Sign one session out (logout): mark the row revoked and drop the cache entry.

    Returns:
        True when an active session was revoked.
    """
    if not isinstance(session_id, str) or not _SID_SHAPE.fullmatch(session_id):
        return False
    settings, engine = _deps(settings, engine)
    with session_scope(engine) as db:
        result = db.execute(
            sa.update(UserSession)
            .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        revoked = result.rowcount > 0
    cache_delete(redis_client(settings), cache_key(session_id))
    if revoked:
        note_revocation(settings)
    return revoked


def revoke_user_sessions(
    user_id: int,
    *,
    except_session_id: str | None = None,
    revoke_api_tokens: bool = True,
    engine: sa.Engine | None = None,
    settings: Settings | None = None,
) -> int:
    """Sign a user out everywhere, optionally keeping the current session.

    Personal access tokens are revoked too (unless ``revoke_api_tokens`` is False): a token
    copied from a stolen session must not outlive "sign out everywhere".

    Args:
        user_id: The user.
        except_session_id: The session that stays signed in (a password change), or None.
        revoke_api_tokens: Whether to revoke the user's personal access tokens as well.
        engine: Database engine; the one for ``settings.database_url`` by default.
        settings: Settings; the process-wide ones by default.

    Returns:
        How many active sessions were revoked (tokens not included).
    """
    settings, engine = _deps(settings, engine)
    with session_scope(engine) as db:
        query = select(UserSession.id).where(
            UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
        )
        if except_session_id is not None:
            query = query.where(UserSession.id != except_session_id)
        ids = list(db.exec(query))
        if ids:
            db.execute(
                sa.update(UserSession)
                .where(UserSession.id.in_(ids), UserSession.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
    if revoke_api_tokens:
        revoke_user_api_tokens(user_id=user_id, engine=engine, settings=settings)
    cache_delete(redis_client(settings), *(cache_key(sid) for sid in ids))
    if ids:
        note_revocation(settings)
    return len(ids)


def list_active_sessions(
    user_id: int, *, engine: sa.Engine | None = None, settings: Settings | None = None
) -> list[UserSession]:
    """A user's active sessions, newest first (for the account page)."""
    settings, engine = _deps(settings, engine)
    with session_scope(engine) as db:
        rows = db.exec(
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
    *,
    older_than: timedelta = timedelta(days=30),
    engine: sa.Engine | None = None,
    settings: Settings | None = None,
) -> int:
    """Delete rows of sessions that expired or were revoked more than ``older_than`` ago.

    Returns:
        How many rows were deleted.
    """
    settings, engine = _deps(settings, engine)
    cutoff = utcnow() - older_than
    with session_scope(engine) as db:
        result = db.execute(
            sa.delete(UserSession).where(
                sa.or_(UserSession.expires_at < cutoff, UserSession.revoked_at < cutoff)
            )
        )
        return result.rowcount


def _deps(settings: Settings | None, engine: sa.Engine | None) -> tuple[Settings, sa.Engine]:
    settings = settings or get_settings()
    return settings, engine or engine_for(settings.database_url)


def _cache(info: SessionInfo, settings: Settings) -> None:
    remaining = int((info.expires_at - utcnow()).total_seconds())
    ttl = min(settings.session_ttl_seconds, remaining)
    fields = {"user_id": info.user_id, "expires_at": int(info.expires_at.timestamp())}
    cache_set_hash(redis_client(settings), cache_key(info.id), fields, ttl_seconds=ttl)


def _from_cache(fields: dict[str, str] | None, session_id: str) -> SessionInfo | None:
    if not fields:
        return None
    try:
        user_id = int(fields["user_id"])
        expires_at = datetime.fromtimestamp(int(fields["expires_at"]), UTC)
    except (KeyError, ValueError, OverflowError):
        return None  # an entry we did not write: ignore it, the database decides
    return SessionInfo(id=session_id, user_id=user_id, expires_at=expires_at)
