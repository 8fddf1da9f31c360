"""``resolve_bearer``: the MCP server's one call to learn who is asking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from todo_reflex.core.api_tokens import create_api_token, revoke_api_token
from todo_reflex.core.errors import Unauthorized, dependency_down
from todo_reflex.core.identity import Identity, resolve_bearer
from todo_reflex.core.models import User
from todo_reflex.core.sessions import create_session, revoke_session
from todo_reflex.core.settings import Settings
from todo_reflex.core.tokens import decode_token, issue_app_token, issue_mcp_token
from todo_reflex.core.users import delete_user


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(auth_secret="s" * 64, data_dir=tmp_path)


@pytest.fixture
def ann(make_user: Callable[..., User]) -> User:
    return make_user("ann@example.com", timezone="Europe/Paris")


def test_mcp_jwt(engine: sa.Engine, settings: Settings, ann: User) -> None:
    session = create_session(user_id=ann.id, engine=engine, settings=settings)
    token = issue_mcp_token(user_id=ann.id, session_id=session.id, settings=settings)
    expires = min(decode_token(token, audience="todo-mcp", settings=settings).expires_at,
                  session.expires_at)
    expected = Identity(ann.id, "jwt", session.id, timezone="Europe/Paris", expires_at=expires)
    assert resolve_bearer(token, engine=engine, settings=settings) == expected
    assert resolve_bearer(f"Bearer {token}", engine=engine, settings=settings) == expected
    revoke_session(session.id, engine=engine, settings=settings)
    with pytest.raises(Unauthorized):
        resolve_bearer(token, engine=engine, settings=settings)


def test_app_jwt_is_not_an_mcp_credential(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    session = create_session(user_id=ann.id, engine=engine, settings=settings)
    app_token = issue_app_token(user_id=ann.id, session_id=session.id, settings=settings)
    with pytest.raises(Unauthorized, match="not issued for this service"):
        resolve_bearer(app_token, engine=engine, settings=settings)
    identity = resolve_bearer(app_token, audience="todo-app", engine=engine, settings=settings)
    assert identity.user_id == ann.id


def test_personal_access_token(engine: sa.Engine, settings: Settings, ann: User) -> None:
    new = create_api_token(user_id=ann.id, name="desktop", engine=engine, settings=settings)
    identity = resolve_bearer(new.plaintext, engine=engine, settings=settings)
    assert identity == Identity(ann.id, "pat", None, timezone="Europe/Paris", expires_at=None)
    lasting = create_api_token(user_id=ann.id, name="cli", expires_in_days=2, engine=engine,
                               settings=settings)
    until = resolve_bearer(lasting.plaintext, engine=engine, settings=settings).expires_at
    assert until == lasting.token.expires_at
    revoke_api_token(user_id=ann.id, token_id=new.token.id, engine=engine, settings=settings)
    with pytest.raises(Unauthorized):
        resolve_bearer(new.plaintext, engine=engine, settings=settings)


def test_deleted_users_lose_every_credential(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    session = create_session(user_id=ann.id, engine=engine, settings=settings)
    jwt_token = issue_mcp_token(user_id=ann.id, session_id=session.id, settings=settings)
    pat = create_api_token(user_id=ann.id, name="x", engine=engine, settings=settings).plaintext
    delete_user(ann.id, engine=engine, settings=settings)
    for token in (jwt_token, pat):
        with pytest.raises(Unauthorized):
            resolve_bearer(token, engine=engine, settings=settings)


@pytest.mark.parametrize("token", ["", "   ", "Bearer ", "Bearer x.y.z", "tat_nope", None])
def test_missing_or_garbage(engine: sa.Engine, settings: Settings, token: object) -> None:
    with pytest.raises(Unauthorized):
        resolve_bearer(token, engine=engine, settings=settings)  # type: ignore[arg-type]


def test_with_the_database_down_a_session_redis_holds_still_names_the_caller(
    engine: sa.Engine, tmp_path: Path, redis_url: str, ann: User
) -> None:
    settings = Settings(auth_secret="s" * 64, data_dir=tmp_path, redis_url=redis_url)
    session = create_session(user_id=ann.id, engine=engine, settings=settings)
    token = issue_mcp_token(user_id=ann.id, session_id=session.id, settings=settings)
    down = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:1/todo")
    try:
        identity = resolve_bearer(token, engine=down, settings=settings)
        assert (identity.user_id, identity.session_id, identity.timezone) == (
            ann.id, session.id, None  # the time zone is read later, by the tool, if it can
        )
        pat = create_api_token(user_id=ann.id, name="x", engine=engine, settings=settings)
        with pytest.raises(sa.exc.OperationalError) as failed:
            resolve_bearer(pat.plaintext, engine=down, settings=settings)
        assert dependency_down(failed.value)
    finally:
        down.dispose()
