"""Personal access tokens: shown once, stored hashed, listed, revoked, resolved."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.core import in_session
from todo_reflex.core import api_tokens
from todo_reflex.core.api_tokens import (
    check_api_token,
    create_api_token,
    list_api_tokens,
    looks_like_api_token,
    revoke_api_token,
    revoke_user_api_tokens,
)
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, Unauthorized
from todo_reflex.core.models import ApiToken, User, utcnow
from todo_reflex.core.settings import Settings


@pytest.fixture
def ann(make_user: Callable[..., User]) -> User:
    return make_user("ann@example.com")


def _owner(plaintext: str) -> int:
    return in_session(check_api_token, plaintext=plaintext)[0]


def _row(engine: sa.Engine, token_id: int) -> ApiToken:
    with session_scope(engine) as db:
        return db.get(ApiToken, token_id)


def test_create_shows_the_secret_once_and_stores_a_hash(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    new = in_session(create_api_token, user_id=ann.id, name="  Claude   Desktop ")
    assert new.plaintext.startswith("tat_")
    assert len(new.plaintext) == 4 + 43
    assert looks_like_api_token(new.plaintext)
    assert new.token.name == "Claude Desktop"
    assert new.token.prefix == new.plaintext[:12]
    assert "plaintext" not in new.token.model_dump()
    row = _row(engine, new.token.id)
    assert row.token_hash == hashlib.sha256(new.plaintext.encode()).hexdigest()
    assert new.plaintext not in row.model_dump_json()
    assert row.expires_at is None


def test_resolve_names_the_owner_and_records_use(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    new = in_session(create_api_token, user_id=ann.id, name="cli")
    assert _row(engine, new.token.id).last_used_at is None
    assert _owner(new.plaintext) == ann.id
    first_use = _row(engine, new.token.id).last_used_at
    assert first_use is not None
    assert utcnow() - first_use < timedelta(seconds=30)
    _owner(new.plaintext)
    assert _row(engine, new.token.id).last_used_at == first_use  # at most one write a minute


@pytest.mark.parametrize(
    "token", ["", "tat_", "tat_unknown", "eyJhbGciOi.x.y", "tat_" + "a" * 200, "bearer"]
)
def test_unknown_tokens_are_refused(engine: sa.Engine, settings: Settings, token: str) -> None:
    with pytest.raises(Unauthorized):
        _owner(token)


def test_revoked_and_expired_tokens_are_refused(
    engine: sa.Engine, settings: Settings, make_user: Callable[..., User]
) -> None:
    ann, bob = make_user("ann@example.com"), make_user("bob@example.com")
    revoked = in_session(create_api_token, user_id=ann.id, name="old")
    not_bobs = in_session(revoke_api_token, user_id=bob.id, token_id=revoked.token.id)
    assert not not_bobs
    assert _owner(revoked.plaintext) == ann.id
    assert in_session(revoke_api_token, user_id=ann.id, token_id=revoked.token.id)
    assert not in_session(revoke_api_token, user_id=ann.id, token_id=revoked.token.id)
    with pytest.raises(Unauthorized, match="revoked"):
        _owner(revoked.plaintext)

    expiring = in_session(create_api_token, user_id=ann.id, name="short", expires_in_days=1)
    with session_scope(engine) as db:
        db.get(ApiToken, expiring.token.id).expires_at = utcnow() - timedelta(seconds=1)
    with pytest.raises(Unauthorized, match="expired"):
        _owner(expiring.plaintext)


def test_list_is_per_user_newest_first(
    engine: sa.Engine, settings: Settings, make_user: Callable[..., User]
) -> None:
    ann, bob = make_user("ann@example.com"), make_user("bob@example.com")
    first = in_session(create_api_token, user_id=ann.id, name="one")
    in_session(create_api_token, user_id=ann.id, name="two")
    in_session(create_api_token, user_id=bob.id, name="bob's")
    assert [t.name for t in in_session(list_api_tokens, user_id=ann.id)] == ["two", "one"]
    in_session(revoke_api_token, user_id=ann.id, token_id=first.token.id)
    assert [t.name for t in in_session(list_api_tokens, user_id=ann.id)] == ["two"]
    listed = in_session(list_api_tokens, user_id=ann.id, include_revoked=True)
    assert [t.revoked_at is not None for t in listed] == [False, True]


@pytest.mark.parametrize(("name", "days"), [("", None), ("   ", None), ("x" * 101, None),
                                             ("ok", 0), ("ok", 4000)])
def test_create_validates(
    engine: sa.Engine, settings: Settings, ann: User, name: str, days: int | None
) -> None:
    with pytest.raises(InvalidInput):
        in_session(create_api_token, user_id=ann.id, name=name, expires_in_days=days)


def test_active_tokens_per_user_are_capped(
    engine: sa.Engine, settings: Settings, ann: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_tokens, "MAX_TOKENS_PER_USER", 2)
    in_session(create_api_token, user_id=ann.id, name="a")
    second = in_session(create_api_token, user_id=ann.id, name="b")
    with pytest.raises(InvalidInput, match="at most 2"):
        in_session(create_api_token, user_id=ann.id, name="c")
    in_session(revoke_api_token, user_id=ann.id, token_id=second.token.id)
    in_session(create_api_token, user_id=ann.id, name="c")
    with session_scope(engine) as db:
        assert len(list(db.exec(select(ApiToken)))) == 3


def test_revoke_all_tokens_of_a_user(
    engine: sa.Engine, settings: Settings, make_user: Callable[..., User], ann: User
) -> None:
    bob = make_user("bob@example.com")
    anns = [in_session(create_api_token, user_id=ann.id, name=f"t{i}")
            for i in range(2)]
    bobs = in_session(create_api_token, user_id=bob.id, name="b")
    in_session(revoke_api_token, user_id=ann.id, token_id=anns[0].token.id)
    assert in_session(revoke_user_api_tokens, user_id=ann.id) == 1
    for new in anns:
        with pytest.raises(Unauthorized, match="revoked"):
            _owner(new.plaintext)
    assert _owner(bobs.plaintext) == bob.id
    assert in_session(revoke_user_api_tokens, user_id=ann.id) == 0
