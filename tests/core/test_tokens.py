"""JWT issue and verification: every rejection case, and the session check on both DBs."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.core import in_session
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, Unauthorized
from todo_reflex.core.models import User, UserSession, utcnow
from todo_reflex.core.sessions import create_session, revoke_session
from todo_reflex.core.settings import Settings, use_settings
from todo_reflex.core.tokens import (
    decode_token,
    issue_app_token,
    issue_mcp_token,
    issue_token,
    verify_token,
)

SECRET = "test-secret-" + "x" * 60  # >= 64 bytes: HS512 forgeries sign without warnings


@pytest.fixture
def settings(configure: Callable[..., Settings]) -> Settings:
    """No database: a token is checked on its own."""
    return configure(auth_secret=SECRET, redis_url="", app_env="test")


def _claims(**overrides: object) -> dict[str, object]:
    now = int(utcnow().timestamp())
    claims: dict[str, object] = {
        "iss": "todo-app", "aud": "todo-mcp", "sub": "7", "sid": "s" * 43,
        "iat": now, "exp": now + 120, "jti": "abc",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, object], claims: dict[str, object], signature: str = "") -> str:
    return ".".join(
        [_b64(json.dumps(header).encode()), _b64(json.dumps(claims).encode()), signature]
    )


def test_mcp_token_round_trip(settings: Settings) -> None:
    token = issue_mcp_token(user_id=7, session_id="s" * 43)
    claims = decode_token(token, audience="todo-mcp")
    assert (claims.user_id, claims.session_id, claims.audience) == (7, "s" * 43, "todo-mcp")
    assert claims.expires_at - claims.issued_at == timedelta(seconds=300)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    payload = jwt.decode(token, options={"verify_signature": False})
    assert set(payload) == {"iss", "aud", "sub", "sid", "iat", "exp", "jti"}
    assert payload["sub"] == "7"


def test_app_token_lives_as_long_as_a_session(settings: Settings) -> None:
    token = issue_app_token(user_id=1, session_id="s" * 43)
    claims = decode_token(token)
    assert claims.audience == "todo-app"
    assert claims.expires_at - claims.issued_at == timedelta(seconds=3600)


def test_each_token_has_a_unique_id(settings: Settings) -> None:
    ids = {
        decode_token(issue_app_token(user_id=1, session_id="s" * 43)).token_id
        for _ in range(5)
    }
    assert len(ids) == 5


@pytest.mark.parametrize("ttl", [0, -1, 301, 3600])
def test_mcp_tokens_cannot_be_issued_for_long(settings: Settings, ttl: int) -> None:
    with pytest.raises(InvalidInput) as info:
        issue_mcp_token(user_id=1, session_id="s" * 43, ttl_seconds=ttl)
    assert info.value.field == "ttl"


def _forged_rs256() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(_claims(), key, algorithm="RS256")


REJECTED: dict[str, tuple[Callable[[], str], str]] = {
    "alg none": (lambda: _unsigned({"alg": "none", "typ": "JWT"}, _claims()), "invalid token"),
    "alg None uppercase": (
        lambda: _unsigned({"alg": "None", "typ": "JWT"}, _claims()), "invalid token"),
    "HS512 with the right secret": (
        lambda: jwt.encode(_claims(), SECRET, algorithm="HS512"), "invalid token"),
    "RS256 forged": (_forged_rs256, "invalid token"),
    "wrong secret": (
        lambda: jwt.encode(_claims(), "another-secret-" + "y" * 40, algorithm="HS256"),
        "invalid token"),
    "wrong audience": (
        lambda: jwt.encode(_claims(aud="todo-app"), SECRET, algorithm="HS256"),
        "not issued for this service"),
    "audience list": (
        lambda: jwt.encode(_claims(aud=["todo-mcp", "x"]), SECRET, algorithm="HS256"),
        "not issued for this service"),
    "wrong issuer": (
        lambda: jwt.encode(_claims(iss="evil"), SECRET, algorithm="HS256"),
        "not issued for this service"),
    "expired": (
        lambda: jwt.encode(
            _claims(iat=int(utcnow().timestamp()) - 400, exp=int(utcnow().timestamp()) - 100),
            SECRET, algorithm="HS256"),
        "token expired"),
    "issued in the future": (
        lambda: jwt.encode(
            _claims(iat=int(utcnow().timestamp()) + 600, exp=int(utcnow().timestamp()) + 700),
            SECRET, algorithm="HS256"),
        "invalid token"),
    "MCP lifetime over 300 s": (
        lambda: jwt.encode(_claims(exp=int(utcnow().timestamp()) + 3600), SECRET,
                           algorithm="HS256"),
        "lifetime too long"),
    "non-numeric subject": (
        lambda: jwt.encode(_claims(sub="admin"), SECRET, algorithm="HS256"), "bad subject"),
    "garbage": (lambda: "not.a.jwt", "invalid token"),
    "empty": (lambda: "", "invalid token"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejections(settings: Settings, case: str) -> None:
    make, reason = REJECTED[case]
    with pytest.raises(Unauthorized) as info:
        decode_token(make(), audience="todo-mcp")
    assert reason in info.value.message


@pytest.mark.parametrize("claim", ["iss", "aud", "sub", "sid", "iat", "exp", "jti"])
def test_missing_claim_is_rejected(settings: Settings, claim: str) -> None:
    token = jwt.encode(_claims(**{claim: None}), SECRET, algorithm="HS256")
    with pytest.raises(Unauthorized):
        decode_token(token, audience="todo-mcp")


@pytest.mark.parametrize("part", [0, 1, 2])
def test_tampered_token_is_rejected(settings: Settings, part: int) -> None:
    token = issue_mcp_token(user_id=7, session_id="s" * 43)
    pieces = token.split(".")
    if part == 1:  # raise the subject to another user, keep the signature
        claims = json.loads(base64.urlsafe_b64decode(pieces[1] + "=="))
        claims["sub"] = "8"
        pieces[1] = _b64(json.dumps(claims).encode())
    else:
        pieces[part] = pieces[part][:-2] + ("AA" if not pieces[part].endswith("AA") else "BB")
    with pytest.raises(Unauthorized):
        decode_token(".".join(pieces), audience="todo-mcp")


def test_custom_issuer_and_audience_are_honoured(tmp_path: Path) -> None:
    custom = Settings(auth_secret=SECRET, data_dir=tmp_path, jwt_issuer="me", jwt_audience="web")
    with use_settings(custom):
        token = issue_token(user_id=3, session_id="s" * 43, audience="web", ttl_seconds=60)
        assert decode_token(token).user_id == 3
    other_issuer = custom.model_copy(update={"jwt_issuer": "todo-app"})
    with use_settings(other_issuer), pytest.raises(Unauthorized):
        decode_token(token)


# ---------------------------------------------------------------- with a database


@pytest.fixture
def on_database(database_url: str, tmp_path: Path) -> Iterator[Settings]:
    with use_settings(Settings(auth_secret=SECRET, database_url=database_url,
                                   data_dir=tmp_path, app_env="test")) as settings:
        yield settings


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user("tok@example.com")


def test_verify_checks_the_session(engine: sa.Engine, user: User, on_database: Settings) -> None:
    session = in_session(create_session, user_id=user.id)
    token = issue_mcp_token(user_id=user.id, session_id=session.id)
    claims = in_session(verify_token, token=token, audience="todo-mcp")
    assert claims.user_id == user.id

    assert in_session(revoke_session, session_id=session.id)
    with pytest.raises(Unauthorized) as info:
        in_session(verify_token, token=token, audience="todo-mcp")
    assert "signed out" in info.value.message


def test_verify_rejects_unknown_and_expired_sessions(
    engine: sa.Engine, user: User, on_database: Settings
) -> None:
    unknown = issue_app_token(user_id=user.id, session_id="u" * 43)
    with pytest.raises(Unauthorized):
        in_session(verify_token, token=unknown)

    session = in_session(create_session, user_id=user.id, ttl_seconds=60)
    with session_scope(engine) as db:  # move the session's end into the past
        db.get(UserSession, session.id).expires_at = utcnow() - timedelta(seconds=1)
    token = issue_app_token(user_id=user.id, session_id=session.id)
    with pytest.raises(Unauthorized):
        in_session(verify_token, token=token)


def test_verify_rejects_a_session_of_another_user(
    engine: sa.Engine, make_user: Callable[..., User], on_database: Settings
) -> None:
    ann, bob = make_user("ann@example.com"), make_user("bob@example.com")
    bobs = in_session(create_session, user_id=bob.id)
    token = issue_mcp_token(user_id=ann.id, session_id=bobs.id)
    with pytest.raises(Unauthorized):
        in_session(verify_token, token=token, audience="todo-mcp")
