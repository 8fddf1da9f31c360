"""Password hashing, the password policy and email normalisation.

Hashes use passlib's argon2 (its bcrypt backend breaks with bcrypt >= 4.1). Every check
raises :class:`InvalidInput` with a message a person can act on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from passlib.context import CryptContext

from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.limits import (
    MAX_EMAIL_LENGTH,
    MAX_EMAIL_LOCAL_LENGTH,
    MAX_PASSWORD_LENGTH,
    MAX_VERIFY_LENGTH,
    MIN_PASSWORD_LENGTH,
)

# One "@", no whitespace, a dot in the domain, no empty labels: a shape check, not RFC 5322.
_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")

# argon2id with OWASP's baseline (19 MiB, 2 passes, 1 lane): passlib's default 64 MiB and
# 4 lanes per sign-in is too heavy for small pods. Older-parameter hashes are re-hashed on login.
_context = CryptContext(
    schemes=["argon2"],
    deprecated="auto",
    argon2__type="ID",
    argon2__memory_cost=19456,
    argon2__rounds=2,
    argon2__parallelism=1,
)


def hash_password(password: str) -> str:
    """Hash a password with argon2 (a new random salt every time).

    Args:
        password: The plaintext password; the policy is not checked here.

    Returns:
        The encoded hash, safe to store in ``accounts.password_hash``.
    """
    return _context.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password against a stored hash; a missing or malformed hash never matches.

    Args:
        password: The plaintext the user typed.
        password_hash: The stored hash, or None when the account has no password.

    Returns:
        True only when the password matches.
    """
    if not isinstance(password, str) or len(password) > MAX_VERIFY_LENGTH:
        return False
    if not password_hash:
        # Spend the same time as a real check so timing does not reveal missing accounts.
        _context.verify(password, _dummy_hash())
        return False
    try:
        return _context.verify(password, password_hash)
    except (ValueError, TypeError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash uses outdated parameters and should be replaced on next login."""
    try:
        return _context.needs_update(password_hash)
    except (ValueError, TypeError):
        return True


def check_password_policy(password: str) -> None:
    """Refuse passwords that are too short, too long or only whitespace.

    Args:
        password: The candidate password.

    Raises:
        InvalidInput: On field ``password`` with the rule that failed.
    """
    if not isinstance(password, str) or not password.strip():
        raise InvalidInput("password", "enter a password (it cannot be only spaces)")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            "password", f"use at least {MIN_PASSWORD_LENGTH} characters (got {len(password)})"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput("password", f"use at most {MAX_PASSWORD_LENGTH} characters")


def normalize_email(email: str) -> str:
    """Trim and lowercase an email address and check its basic shape.

    Args:
        email: The address as typed.

    Returns:
        The canonical form used for storage and look-ups.

    Raises:
        InvalidInput: On field ``email`` when it does not look like an address.
    """
    if not isinstance(email, str):
        raise InvalidInput("email", "enter an email address")
    value = email.strip().lower()
    if not value:
        raise InvalidInput("email", "enter an email address")
    if len(value) > MAX_EMAIL_LENGTH:
        raise InvalidInput("email", f"an email address has at most {MAX_EMAIL_LENGTH} characters")
    if not _EMAIL_SHAPE.fullmatch(value) or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InvalidInput("email", "enter a valid email address, like name@example.com")
    if len(value.split("@", 1)[0]) > MAX_EMAIL_LOCAL_LENGTH:
        raise InvalidInput("email", "the part before @ has at most 64 characters")
    return value


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _context.hash("not-a-real-password")
