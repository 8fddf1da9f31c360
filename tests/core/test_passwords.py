"""Password hashing, the password policy and email normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.limits import MAX_PASSWORD_LENGTH
from todo_reflex.core.passwords import (
    check_password_policy,
    hash_password,
    needs_rehash,
    normalize_email,
    verify_password,
)


def test_hash_is_argon2_salted_and_verifies() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("$argon2")
    assert first != second  # a new salt every time
    assert "correct horse" not in first
    assert verify_password("correct horse", first)
    assert verify_password("correct horse", second)
    assert not verify_password("correct horsE", first)
    assert not needs_rehash(first)


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$argon2id$v=19$garbage"])
def test_missing_or_malformed_hash_never_matches(stored: str | None) -> None:
    assert verify_password("whatever1", stored) is False


def test_unicode_password_round_trips() -> None:
    stored = hash_password("пароль-密码-🔑")
    assert verify_password("пароль-密码-🔑", stored)
    assert not verify_password("пароль-密码-", stored)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("", "cannot be only spaces"),
        ("          ", "cannot be only spaces"),
        ("short", "at least 8 characters (got 5)"),
        ("x" * (MAX_PASSWORD_LENGTH + 1), "at most 128"),
    ],
)
def test_policy_refuses_with_a_clear_message(password: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        check_password_policy(password)
    assert info.value.field == "password"
    assert fragment in info.value.reason


@pytest.mark.parametrize("password", ["12345678", "a b c d e", "x" * MAX_PASSWORD_LENGTH])
def test_policy_accepts(password: str) -> None:
    check_password_policy(password)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ann@Example.COM", "ann@example.com"),
        ("  bob.smith+todo@mail.example.org \n", "bob.smith+todo@mail.example.org"),
    ],
)
def test_normalize_email(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com",
     "an n@example.com", "ann@example..com", "ann@.example.com", "ann@exa\x00mple.com",
     "a" * 65 + "@example.com", "a@" + "b" * 320 + ".com"],
)
def test_normalize_email_refuses_bad_shapes(raw: str) -> None:
    with pytest.raises(InvalidInput) as info:
        normalize_email(raw)
    assert info.value.field == "email"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_normalize_email_is_idempotent_or_refuses(raw: str) -> None:
    try:
        once = normalize_email(raw)
    except InvalidInput:
        return
    assert normalize_email(once) == once
    assert once == once.strip().lower()
