"""Password reset by email: a single-use link, valid 30 minutes, that ends every sign-in.

Asking for a link always answers the same, whether the address has an account or not: the
caller learns nothing, and the mail leaves from a background thread after the commit, so the
time the answer takes does not depend on it either. Asking is limited per address
(``PASSWORD_RESETS_PER_EMAIL_PER_HOUR``, counted for unknown addresses too) and per network
address (``PASSWORD_RESETS_PER_IP_PER_HOUR``); a refused request is logged and answered like
any other. The link carries a random token (``secrets.token_urlsafe``); only its HMAC-SHA256
keyed with ``AUTH_SECRET`` is stored, so a copy of the database opens no account. Using a link
sets the password, spends it and every other outstanding link of the user, and revokes all of
the user's sessions and personal access tokens (as a password change does).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from todo_reflex.core.client_ip import rate_limit_bucket
from todo_reflex.core.db import after_commit
from todo_reflex.core.errors import Unauthorized
from todo_reflex.core.mailer import Mail, Mailer, MailError
from todo_reflex.core.models import Account, PasswordReset, User, utcnow
from todo_reflex.core.passwords import check_password_policy, hash_password, normalize_email
from todo_reflex.core.ratelimit import get_limiter, reset_email_limit, reset_ip_limit
from todo_reflex.core.sessions import revoke_user_sessions
from todo_reflex.core.settings import Settings, get_settings
from todo_reflex.core.users import forget_sign_in_attempts

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(minutes=30)
LINK_INVALID = "This reset link has expired or was already used."
RESET_PATH = "/reset"
CREDENTIAL = "credential"
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")
_outbox: ThreadPoolExecutor | None = None
_pending: list[Future[None]] = []

Send = Callable[[Mail], object]


def token_hash(token: str) -> str:
    """The stored form of a reset token: HMAC-SHA256 keyed with ``AUTH_SECRET``, hex."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def reset_link(token: str) -> str:
    """The address a reset mail points to: ``{PUBLIC_URL}/reset?token=…``."""
    return f"{get_settings().app_url}{RESET_PATH}?token={token}"


def request_reset(*, session: Session, email: str, ip: str, send: Send | None = None) -> None:
    """Send a reset link to ``email`` if it has an account; the same outcome either way.

    Nothing is returned and nothing raised that tells whether the address exists, nor whether
    the request was over a limit (that is logged). The link is mailed once the caller commits.

    Args:
        session: The caller's database session.
        email: As typed; a malformed one raises :class:`InvalidInput` (that says nothing about
            accounts).
        ip: The client's address (see :func:`todo_reflex.core.client_ip.client_ip`).
        send: Delivers the mail; by default a background thread hands it to the ``SMTP_*``
            server (or the log without ``SMTP_HOST``).

    Raises:
        InvalidInput: On field ``email`` when it is not shaped like an address.
    """
    email = normalize_email(email)
    limiter = get_limiter()
    if not limiter.hit("reset-ip", _limit_key(rate_limit_bucket(ip)), reset_ip_limit()).allowed:
        logger.warning("password reset refused: too many requests from one address")
        return
    if not limiter.hit("reset-email", _limit_key(email), reset_email_limit()).allowed:
        logger.warning("password reset refused: too many requests for one email")
        return
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        logger.info("password reset asked for an address without an account")
        return
    now = utcnow()
    session.execute(sa.delete(PasswordReset).where(  # its links that died over a day ago
        PasswordReset.user_id == user.id, PasswordReset.expires_at < now - timedelta(days=1)))
    token = secrets.token_urlsafe(32)
    session.add(PasswordReset(user_id=user.id, token_hash=token_hash(token), created_at=now,
                              expires_at=now + LINK_LIFETIME))
    session.flush()
    mail = _reset_mail(user.email, reset_link(token))
    deliver = send or _background_sender(get_settings())
    after_commit(session, lambda: deliver(mail))


def link_is_valid(*, session: Session, token: str) -> bool:
    """Whether a reset link would still be accepted (the page says so before anyone types)."""
    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):
        return False
    row = session.exec(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))).first()
    return row is not None and row.used_at is None and row.expires_at > utcnow()


def reset_password(
    *, session: Session, token: str, new_password: str, ip: str | None = None
) -> int:
    """Set a new password through a reset link, spend the link, and sign the user out everywhere.

    Every other outstanding link of the user is spent too, and every session and personal
    access token is revoked (the caches are told once the caller commits).

    Args:
        session: The caller's database session.
        token: The ``token`` of the link.
        new_password: Checked against the password policy.
        ip: The client's address: its sign-in backoff for this account is cleared once the
            caller commits, so the owner, who was perhaps locked out, can sign in at once.

    Returns:
        The user's id.

    Raises:
        Unauthorized: Unknown, expired or already used link (:data:`LINK_INVALID`).
        InvalidInput: On field ``password`` (policy); the link stays usable.
    """
    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):
        raise Unauthorized(LINK_INVALID)
    now = utcnow()
    digest = token_hash(token)
    row = session.exec(
        select(PasswordReset).where(PasswordReset.token_hash == digest).with_for_update()
    ).first()
    if (row is None or not hmac.compare_digest(row.token_hash, digest)
            or row.used_at is not None or row.expires_at <= now):
        raise Unauthorized(LINK_INVALID)
    check_password_policy(new_password)
    unused = PasswordReset.used_at.is_(None)
    spent = session.execute(
        sa.update(PasswordReset).where(PasswordReset.id == row.id, unused).values(used_at=now))
    if spent.rowcount != 1:  # spent by a concurrent reset since we read it
        raise Unauthorized(LINK_INVALID)
    session.execute(  # the user's other links die with this one
        sa.update(PasswordReset).where(PasswordReset.user_id == row.user_id, unused)
        .values(used_at=now))
    email = _set_password(session, row.user_id, new_password)
    revoke_user_sessions(user_id=row.user_id, session=session)
    if ip is not None and email:
        after_commit(session, lambda: forget_sign_in_attempts(email=email, ip=ip))
    return row.user_id


def wait_for_outbox(timeout: float = 30) -> None:
    """Wait until the reset mails handed to the background thread so far were sent (tests)."""
    for future in list(_pending):
        future.result(timeout)


def _set_password(session: Session, user_id: int, password: str) -> str:
    """Store the new password hash; returns the user's email."""
    user = session.get(User, user_id)
    email = user.email if user is not None else ""
    account = session.exec(select(Account).where(
        Account.user_id == user_id, Account.provider == CREDENTIAL)).first()
    if account is None:  # an account without a password so far: the reset gives it one
        account = Account(user_id=user_id, provider=CREDENTIAL,
                          provider_account_id=email or str(user_id))
    account.password_hash = hash_password(password)
    account.updated_at = utcnow()
    session.add(account)
    return email


def _reset_mail(to: str, link: str) -> Mail:
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    body = "\n".join([
        "Someone asked to reset the password of your AI Task Assistant account.",
        "",
        f"Choose a new password here (the link works once, for {minutes} minutes):",
        link,
        "",
        "Setting it signs you out on every device and revokes your personal access tokens.",
        "If you did not ask for this, ignore this mail: your password stays as it is.",
    ])
    domain = Mailer(get_settings()).domain()
    return Mail(to=to, subject="Reset your password", body=body,
                message_id=f"<reset-{uuid.uuid4().hex}@{domain}>")


def _background_sender(settings: Settings) -> Send:
    """Send with ``settings``' mail server in the background (settings read at request time)."""

    def deliver(mail: Mail) -> None:
        global _outbox
        if _outbox is None:
            _outbox = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reset-mail")
        _pending[:] = [f for f in _pending if not f.done()]
        _pending.append(_outbox.submit(_send_now, settings, mail))

    return deliver


def _send_now(settings: Settings, mail: Mail) -> None:
    try:
        with Mailer(settings) as mailer:
            mailer.send(mail)
    except MailError as error:
        logger.error("password reset mail not sent: %s", error)
    except Exception:  # a thread of its own: nobody else would ever see it
        logger.exception("password reset mail not sent")


def _limit_key(*parts: str) -> str:
    # Hashed: no email or IP addresses in Redis keys.
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
