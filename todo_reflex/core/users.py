"""User accounts: sign-up, sign-in with throttling, profile, password change, deletion.

The password hash lives in ``accounts`` (provider ``credential``), as Better Auth keeps it.
Sign-in failures all read the same, whether the account exists or not, and take the same
time. Abuse limits (see :mod:`todo_reflex.core.ratelimit`): sign-in attempts per email and
address back off exponentially; failed sign-ins per address are capped whatever the email
(password spraying); sign-ups are capped per address. Addresses come from
:func:`todo_reflex.core.client_ip.client_ip`; IPv6 ones count per /64. Every function works
in the caller's database session (``session=``, from
:func:`~todo_reflex.core.db.session_scope`); limits count in the process's limiter.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from zoneinfo import available_timezones

import sqlalchemy as sa
from sqlmodel import Session, select

from todo_reflex.core import reminders
from todo_reflex.core.client_ip import rate_limit_bucket
from todo_reflex.core.db import after_commit
from todo_reflex.core.errors import InvalidInput, RateLimited, Unauthorized
from todo_reflex.core.models import Account, User, UserSession, utcnow
from todo_reflex.core.passwords import (
    check_password_policy,
    hash_password,
    needs_rehash,
    normalize_email,
    verify_password,
)
from todo_reflex.core.ratelimit import get_limiter, login_backoff, login_ip_limit, signup_limit
from todo_reflex.core.sessions import forget_sessions, revoke_user_sessions
from todo_reflex.core.settings import get_settings
from todo_reflex.core.validation import check_text

CREDENTIAL = "credential"
MAX_NAME_LENGTH = 100
LOGIN_FAILED = "invalid email or password"


def register_user(
    *,
    session: Session,
    email: str,
    password: str,
    name: str = "",
    timezone: str = "UTC",
    ip: str | None = None,
) -> User:
    """Create a user with a password credential.

    A sign-up that loses a race with a concurrent one for the same email raises
    :class:`InvalidInput` too; the caller's transaction is then unusable and must roll back
    (``session_scope`` does).

    Args:
        session: The caller's database session.
        email: Any case and surrounding spaces; stored normalised.
        password: Checked against the password policy, stored as an argon2 hash.
        name: Display name (optional).
        timezone: IANA time zone name, e.g. ``Europe/Paris``.
        ip: The client's address: sign-ups from it are limited (``SIGNUPS_PER_IP_PER_HOUR``,
            counting every attempt that passes the input checks) and refused while
            ``ALLOW_SIGNUP`` is false. None for the admin CLI: never limited or closed.

    Returns:
        The new user.

    Raises:
        InvalidInput: On ``email`` (bad shape, already registered), ``password``, ``name``
            or ``timezone``.
        RateLimited: Too many sign-ups from this address.
        Unauthorized: Sign-up is closed (``ALLOW_SIGNUP=false``) and ``ip`` was given.
    """
    if ip is not None and not get_settings().allow_signup:
        raise Unauthorized("sign-up is closed on this server")
    email = normalize_email(email)
    check_password_policy(password)
    name, timezone = clean_name(name), check_timezone(timezone)
    if ip is not None:  # counted after the input checks: typos are free, probing is not
        get_limiter().enforce("signup", _limit_key(rate_limit_bucket(ip)), signup_limit())
    password_hash = hash_password(password)
    taken = InvalidInput("email", "an account with this email already exists")
    if _user_by_email(session, email) is not None:
        raise taken
    try:
        user = User(email=email, name=name, timezone=timezone)
        session.add(user)
        session.flush()
        session.add(
            Account(
                user_id=user.id,
                provider=CREDENTIAL,
                provider_account_id=email,
                password_hash=password_hash,
            )
        )
        session.flush()
    except sa.exc.IntegrityError:  # lost a race with a concurrent sign-up
        raise taken from None
    return user


def authenticate(
    *,
    email: str,
    password: str,
    ip: str,
    session: Session,
) -> User:
    """Check an email and password, within the sign-in limits.

    Two limits apply. Per address, whatever the email: ``LOGIN_FAILURES_PER_IP_PER_15_MINUTES``
    failed attempts (password spraying); this one counts failures only, checked before and
    counted after the password check, so attempts in flight at the same moment may pass it
    by their number. Per email and address: every attempt counts before the password is
    checked, with exponential backoff (:func:`~todo_reflex.core.ratelimit.login_backoff`);
    a success clears it. The owner signing in from another address is never blocked. An
    outdated password hash is replaced in the caller's transaction.

    Args:
        email: As typed.
        password: As typed.
        ip: The client's address (see :func:`todo_reflex.core.client_ip.client_ip`).
        session: The caller's database session.

    Returns:
        The user.

    Raises:
        RateLimited: Too many attempts from this address, or for this email from it.
        Unauthorized: Wrong email or password (the same message for both).
    """
    limiter = get_limiter()
    try:
        email = normalize_email(email)
    except InvalidInput:
        email = str(email).strip().lower()[:320]
    bucket = rate_limit_bucket(ip)
    key, address = _limit_key(email, bucket), _limit_key(bucket)
    backoff, per_ip = login_backoff(), login_ip_limit()
    sprayed = limiter.peek("login-ip", address, per_ip)
    if not sprayed.allowed:
        raise RateLimited(sprayed.retry_after)
    limiter.enforce("login", key, backoff)
    try:
        user = _check_password(session, email, password)
    except Unauthorized:
        limiter.hit("login-ip", address, per_ip)
        raise
    limiter.clear("login", key, backoff)
    return user


def forget_sign_in_attempts(*, email: str, ip: str) -> None:
    """Clear the sign-in backoff of one email from one address (the owner just proved it)."""
    key = _limit_key(normalize_email(email), rate_limit_bucket(ip))
    get_limiter().clear("login", key, login_backoff())


def _check_password(session: Session, email: str, password: str) -> User:
    user = _user_by_email(session, email)
    account = _credential(session, user.id) if user is not None else None
    stored = account.password_hash if account is not None else None
    if not verify_password(password, stored) or user is None or account is None:
        raise Unauthorized(LOGIN_FAILED)
    if needs_rehash(stored):
        account.password_hash = hash_password(password)
        account.updated_at = utcnow()
        session.add(account)
    return user


def get_user(*, session: Session, user_id: int) -> User | None:
    """The user with this id, or None."""
    return session.get(User, user_id)


def get_user_by_email(*, session: Session, email: str) -> User | None:
    """The user with this email (any case or spacing), or None (also for a malformed one)."""
    try:
        email = normalize_email(email)
    except InvalidInput:
        return None
    return _user_by_email(session, email)


def change_password(
    *,
    user_id: int,
    current_password: str,
    new_password: str,
    keep_session_id: str | None = None,
    session: Session,
) -> int:
    """Replace a user's password; sign out every other session and revoke all API tokens.

    All in the caller's transaction; caches are told once it commits.

    Args:
        session: The caller's database session.
        user_id: The user.
        current_password: Must match the stored password.
        new_password: Checked against the policy.
        keep_session_id: The session making the change, which stays signed in.

    Returns:
        How many other sessions were signed out (every personal access token is revoked too).

    Raises:
        InvalidInput: On ``current_password`` (wrong) or ``password`` (policy).
    """
    check_password_policy(new_password)
    account = _credential(session, user_id)
    if not verify_password(current_password, account.password_hash if account else None):
        raise InvalidInput("current_password", "the current password is not correct")
    account.password_hash = hash_password(new_password)
    account.updated_at = utcnow()
    session.add(account)
    return revoke_user_sessions(user_id=user_id, session=session, except_session_id=keep_session_id)


def update_profile(
    *,
    user_id: int,
    name: str | None = None,
    timezone: str | None = None,
    session: Session,
) -> User:
    """Change a user's display name and/or time zone (None leaves a field as it is).

    Raises:
        InvalidInput: On ``name`` (too long) or ``timezone`` (not an IANA zone).
        Unauthorized: The user no longer exists.
    """
    name = None if name is None else clean_name(name)
    timezone = None if timezone is None else check_timezone(timezone)
    user = session.get(User, user_id)
    if user is None:
        raise Unauthorized("this account no longer exists")
    if name is not None:
        user.name = name
    if timezone is not None and timezone != user.timezone:
        reminders.rezone(session=session, user_id=user_id, tz=timezone)
        user.timezone = timezone
    user.updated_at = utcnow()
    session.add(user)
    session.flush()
    return user


def delete_user(*, session: Session, user_id: int) -> bool:
    """Delete a user and everything they own (tasks, chats, sessions, tokens).

    Their sessions leave the cache, and the token caches are told, once the caller commits.

    Returns:
        True when the user existed.
    """
    ids = list(session.exec(select(UserSession.id).where(UserSession.user_id == user_id)))
    result = session.execute(sa.delete(User).where(User.id == user_id))
    deleted = result.rowcount > 0
    after_commit(session, lambda: forget_sessions(ids, revoked=deleted))
    return deleted


def clean_name(name: str) -> str:
    """Trim a display name, whitespace collapsed; at most 100 characters.

    Raises:
        InvalidInput: On field ``name`` when it is too long or holds a hidden character.
    """
    if not isinstance(name, str):
        raise InvalidInput("name", "a name must be text")
    cleaned = " ".join(check_text("name", name).split())
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput("name", f"use at most {MAX_NAME_LENGTH} characters")
    return cleaned


def check_timezone(timezone: str) -> str:
    """Accept an IANA time zone name such as ``Europe/Paris`` or ``UTC``.

    Raises:
        InvalidInput: On field ``timezone`` for anything else.
    """
    value = timezone.strip() if isinstance(timezone, str) else ""
    if value not in _timezones():
        raise InvalidInput(
            "timezone", f"unknown time zone {value!r}: use an IANA name like Europe/Paris"
        )
    return value


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    # "localtime" and "posixrules" name the host's zone, not a zone: never a user's choice.
    return (frozenset(available_timezones()) | {"UTC"}) - {"localtime", "posixrules"}


def _user_by_email(db: Session, email: str) -> User | None:
    return db.exec(select(User).where(User.email == email)).first()


def _credential(db: Session, user_id: int) -> Account | None:
    query = select(Account).where(Account.user_id == user_id, Account.provider == CREDENTIAL)
    return db.exec(query).first()


def _limit_key(*parts: str) -> str:
    # Hashed: no email or IP addresses in Redis keys.
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
