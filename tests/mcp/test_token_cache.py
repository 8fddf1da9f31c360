"""Cached token checks over real HTTP: revocation wins within the generation TTL, expiry holds.

Each test first proves that the server answers from its cache (the credential is made invalid
behind the cache's back and still works), then revokes it the way the web app does, from
this process, which is not the server's, and expects a call to be refused once the server's
cache is due to read the revocation generation again (``GENERATION_TTL_SECONDS``, 1 s). In
the server's own process a revocation is seen at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
import redis
import sqlalchemy as sa

from mcp_server.server import create_app
from tests.mcp.test_security import raw_post
from tests.support.core import in_session
from tests.support.mcp import McpStack, Person, serving
from todo_reflex.core import api_tokens, sessions, tokens, users
from todo_reflex.core.models import UserSession, utcnow
from todo_reflex.core.settings import use_settings
from todo_reflex.core.token_cache import GENERATION_TTL_SECONDS

PASSWORD = "correct horse battery"


@pytest.fixture
def live(stack: McpStack) -> McpStack:
    if stack.name == "sqlite":
        pytest.skip("without Redis nothing is cached: every call checks the token fully")
    return stack


@contextmanager
def _behind_the_cache(stack: McpStack, person: Person) -> Iterator[None]:
    """Sign the session out in the database and Redis without telling anyone."""
    with stack.engine.begin() as conn:
        conn.execute(
            sa.update(UserSession).where(UserSession.id == person.session_id)
            .values(revoked_at=utcnow())
        )
    redis.Redis.from_url(stack.settings.redis_url).delete(sessions.cache_key(person.session_id))
    yield
    with stack.engine.begin() as conn:  # undo, so the real revocation below has work to do
        conn.execute(
            sa.update(UserSession).where(UserSession.id == person.session_id)
            .values(revoked_at=None)
        )


def _refused_once_seen(stack: McpStack, token: str) -> bool:
    """Whether a call with ``token`` is refused once the server must have seen a revocation."""
    time.sleep(GENERATION_TTL_SECONDS)
    return raw_post(stack, token).status_code == 401


def _prove_cached(stack: McpStack, person: Person) -> None:
    assert raw_post(stack, person.token).status_code == 200  # checked and cached
    with _behind_the_cache(stack, person):
        assert raw_post(stack, person.token).status_code == 200  # served from the cache


REVOCATIONS: dict[str, Callable[[McpStack, Person], object]] = {
    "sign out": lambda s, p: s.run(sessions.revoke_session, session_id=p.session_id),
    "sign out everywhere": lambda s, p: s.run(sessions.revoke_user_sessions, user_id=p.id),
    "password change": lambda s, p: s.run(
        users.change_password, user_id=p.id, current_password=PASSWORD,
        new_password="another horse battery",
    ),
    "account deleted": lambda s, p: s.run(users.delete_user, user_id=p.id),
}


@pytest.mark.parametrize("how", list(REVOCATIONS))
def test_a_revoked_session_is_refused_within_the_generation_ttl_although_cached(live, how):
    person = live.person(f"cached-{how.replace(' ', '-')}@example.com")
    _prove_cached(live, person)
    REVOCATIONS[how](live, person)
    assert _refused_once_seen(live, person.token)


def test_a_revoked_personal_token_is_refused_within_the_generation_ttl_although_cached(live):
    person = live.person("cached-pat@example.com")
    created = live.run(api_tokens.create_api_token, user_id=person.id, name="cli")
    assert raw_post(live, created.plaintext).status_code == 200
    hidden = sa.update(api_tokens.ApiToken).where(api_tokens.ApiToken.id == created.token.id)
    with live.engine.begin() as conn:  # the token can no longer be found in the database ...
        conn.execute(hidden.values(token_hash="0" * 64))
    assert raw_post(live, created.plaintext).status_code == 200  # ... the cache still knows it
    with live.engine.begin() as conn:
        conn.execute(hidden.values(token_hash=api_tokens.hash_token(created.plaintext)))
    live.run(api_tokens.revoke_api_token, user_id=person.id, token_id=created.token.id)
    assert _refused_once_seen(live, created.plaintext)


def test_a_cached_token_never_outlives_its_expiry(live):
    person = live.person("short-lived@example.com")
    with use_settings(live.settings):
        token = tokens.issue_mcp_token(user_id=person.id, session_id=person.session_id,
                                       ttl_seconds=2)
        expires = tokens.decode_token(token, audience="todo-mcp").expires_at
    assert raw_post(live, token).status_code == 200
    time.sleep(max(0.0, expires.timestamp() - time.time()) + 1.1)
    assert raw_post(live, token).status_code == 401


async def test_another_token_never_gets_a_cached_identity(live):
    async with live.client(live.ann.token) as ann:
        await ann.call_tool("add_task", {"title": "Ann's cached secret"})
    forged = live.ann.token[:-2] + ("AA" if not live.ann.token.endswith("AA") else "BB")
    assert raw_post(live, forged).status_code == 401
    async with live.client(live.bob.token) as bob:
        listed = await bob.call_tool("list_tasks", {"query": "cached secret"})
    assert listed.structured_content["total"] == 0


def test_same_process_revocation_is_seen_at_once(live):
    """The server in this process (as ``reflex run`` hosts it): the revoke empties its cache."""
    person = live.person("in-process@example.com")
    with use_settings(live.settings), serving(create_app(live.settings)) as base:
        def post() -> int:
            headers = {"Accept": "application/json, text/event-stream",
                       "Authorization": f"Bearer {person.token}"}
            body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
            return httpx.post(f"{base}/mcp", json=body, headers=headers, timeout=10).status_code

        assert post() == 200
        with _behind_the_cache(live, person):
            assert post() == 200
        in_session(sessions.revoke_session, session_id=person.session_id)
        assert post() == 401
