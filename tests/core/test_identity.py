"""``resolve_bearer``: the MCP server's one call to learn who is asking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.core import in_session
from todo_reflex.core.api_tokens import create_api_token, revoke_api_token
from todo_reflex.core.db import dispose_engine
from todo_reflex.core.errors import Unauthorized, dependency_down
from todo_reflex.core.identity import Identity, resolve_bearer
from todo_reflex.core.models import User
from todo_reflex.core.sessions import create_session, revoke_session
from todo_reflex.core.settings import Settings, use_settings
from todo_reflex.core.tokens import decode_token, issue_app_token, issue_mcp_token
from todo_reflex.core.users import delete_user

DOWN_URL = "postgresql+psycopg://postgres@127.0.0.1:1/todo"


@pytest.fixture
def ann(make_user: Callable[..., User]) -> User:
    return make_user("ann@example.com", timezone="Europe/Paris")


def test_mcp_jwt(engine: sa.Engine, settings: Settings, ann: User) -> None:
    session = in_session(create_session, user_id=ann.id)
    token = issue_mcp_token(user_id=ann.id, session_id=session.id)
    expires = min(decode_token(token, audience="todo-mcp").expires_at,
                  session.expires_at)
    expected = Identity(ann.id, "jwt", session.id, timezone="Europe/Paris", expires_at=expires)
    assert resolve_bearer(token) == expected
    assert resolve_bearer(f"Bearer {token}") == expected
    in_session(revoke_session, session_id=session.id)
    with pytest.raises(Unauthorized):
        resolve_bearer(token)


def test_app_jwt_is_not_an_mcp_credential(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    session = in_session(create_session, user_id=ann.id)
    app_token = issue_app_token(user_id=ann.id, session_id=session.id)
    with pytest.raises(Unauthorized, match="not issued for this service"):
        resolve_bearer(app_token)
    identity = resolve_bearer(app_token, audience="todo-app")
    assert identity.user_id == ann.id


def test_personal_access_token(engine: sa.Engine, settings: Settings, ann: User) -> None:
    new = in_session(create_api_token, user_id=ann.id, name="desktop")
    identity = resolve_bearer(new.plaintext)
    assert identity == Identity(ann.id, "pat", None, timezone="Europe/Paris", expires_at=None)
    lasting = in_session(create_api_token, user_id=ann.id, name="cli", expires_in_days=2)
    until = resolve_bearer(lasting.plaintext).expires_at
    assert until == lasting.token.expires_at
    in_session(revoke_api_token, user_id=ann.id, token_id=new.token.id)
    with pytest.raises(Unauthorized):
        resolve_bearer(new.plaintext)


def test_deleted_users_lose_every_credential(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    session = in_session(create_session, user_id=ann.id)
    jwt_token = issue_mcp_token(user_id=ann.id, session_id=session.id)
    pat = in_session(create_api_token, user_id=ann.id, name="x").plaintext
    in_session(delete_user, user_id=ann.id)
    for token in (jwt_token, pat):
        with pytest.raises(Unauthorized):
            resolve_bearer(token)


@pytest.mark.parametrize("token", ["", "   ", "Bearer ", "Bearer x.y.z", "tat_nope", None])
def test_missing_or_garbage(engine: sa.Engine, settings: Settings, token: object) -> None:
    with pytest.raises(Unauthorized):
        resolve_bearer(token)  # type: ignore[arg-type]


def test_with_the_database_down_a_session_redis_holds_still_names_the_caller(
    database_url: str, tmp_path: Path, redis_url: str, ann: User
) -> None:
    up = Settings(auth_secret="s" * 64, database_url=database_url, data_dir=tmp_path,
                  redis_url=redis_url)
    with use_settings(up):
        session = in_session(create_session, user_id=ann.id)
        token = issue_mcp_token(user_id=ann.id, session_id=session.id)
        pat = in_session(create_api_token, user_id=ann.id, name="x")
    down = up.model_copy(update={"database_url": DOWN_URL})
    try:
        with use_settings(down):
            identity = resolve_bearer(token)
            assert (identity.user_id, identity.session_id, identity.timezone) == (
                ann.id, session.id, None  # the time zone is read later, by the tool, if it can
            )
            with pytest.raises(sa.exc.OperationalError) as failed:
                resolve_bearer(pat.plaintext)
        assert dependency_down(failed.value)
    finally:
        dispose_engine(DOWN_URL)
