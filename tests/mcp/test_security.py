"""Identity, isolation and refusals: the user comes only from a valid token."""

from __future__ import annotations

import base64
import json
import secrets
import time
from datetime import UTC, datetime, timedelta

import httpx
import jwt

from tests.support.mcp import refused
from todo_reflex.core import api_tokens, sessions, tokens
from todo_reflex.core.settings import use_settings
from todo_reflex.core.token_cache import GENERATION_TTL_SECONDS

INITIALIZE = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "raw-test", "version": "1"},
    },
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream"}


def raw_post(stack, token: str | None = None, **headers: str) -> httpx.Response:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(stack.url, json=INITIALIZE, headers={**MCP_HEADERS, **headers}, timeout=10)


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_valid_token_is_accepted(stack):
    assert raw_post(stack, stack.ann.token).status_code == 200


def forged_tokens(stack) -> dict[str, str]:
    claims = claims_of(stack.ann.token)
    secret = stack.settings.secret_key
    past = datetime.now(UTC) - timedelta(hours=2)
    with use_settings(stack.settings):
        expired = tokens.issue_token(user_id=stack.ann.id, session_id=stack.ann.session_id,
                                     audience="todo-mcp", ttl_seconds=60, now=past)
        app_token = tokens.issue_app_token(user_id=stack.ann.id, session_id=stack.ann.session_id)
    return {
        "garbage": "not-a-token",
        "alg none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}.",
        "wrong secret": jwt.encode(claims, "another-secret-" * 4, algorithm="HS256"),
        "HS512": jwt.encode(claims, secret, algorithm="HS512"),
        "tampered subject": jwt.encode(claims, secret, algorithm="HS256").rsplit(".", 1)[0]
        + "." + stack.bob.token.rsplit(".", 1)[1],
        "expired": expired,
        "wrong audience": app_token,
        "wrong issuer": jwt.encode({**claims, "iss": "someone-else"}, secret, algorithm="HS256"),
        "unknown pat": "tat_" + "x" * 40,
    }


def test_requests_without_a_valid_token_get_401_with_www_authenticate(stack):
    missing = raw_post(stack)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].lower().startswith("bearer")
    for reason, token in forged_tokens(stack).items():
        response = raw_post(stack, token)
        assert response.status_code == 401, reason
        assert "www-authenticate" in response.headers, reason


def _revocation_seen(stack) -> None:
    """Wait until the server (another process) must see a revocation made here."""
    if stack.settings.redis_url:  # its token cache trusts a generation read for up to 1 s
        time.sleep(GENERATION_TTL_SECONDS)


def test_revoked_session_token_is_refused(stack):
    person = stack.login(stack.ann.id, stack.ann.email)
    assert raw_post(stack, person.token).status_code == 200
    stack.run(sessions.revoke_session, session_id=person.session_id)
    _revocation_seen(stack)
    assert raw_post(stack, person.token).status_code == 401


def test_personal_access_token_works_until_revoked(stack):
    created = stack.run(api_tokens.create_api_token, user_id=stack.ann.id, name="inspector")
    assert raw_post(stack, created.plaintext).status_code == 200
    stack.run(api_tokens.revoke_api_token, user_id=stack.ann.id, token_id=created.token.id)
    _revocation_seen(stack)
    assert raw_post(stack, created.plaintext).status_code == 401


def test_bad_host_and_foreign_origin_are_refused(stack):
    assert raw_post(stack, stack.ann.token, Host="evil.example").status_code == 421
    assert raw_post(stack, stack.ann.token, Host="mcp-service:8001").status_code == 200
    assert raw_post(stack, stack.ann.token, Origin="https://evil.example").status_code == 403


def test_health_needs_no_token(stack):
    response = httpx.get(f"{stack.base}/health")
    assert response.json() == {"status": "healthy", "service": "mcp-server"}


async def test_another_users_task_looks_missing(stack):
    async with stack.client(stack.bob.token) as bob:
        secret = (await bob.call_tool("add_task", {"title": "Bob's diary"})).structured_content
    missing_id = secret["id"] + 10_000
    # numbers are per user: someone with no tasks of their own, so no number is theirs too
    eve = stack.person(f"eve-{secrets.token_hex(4)}@example.com")
    async with stack.client(eve.token) as ann:
        for tool, extra in [
            ("get_task", {}), ("update_task", {"title": "hacked"}), ("complete_task", {}),
            ("uncomplete_task", {}), ("delete_task", {}), ("restore_task", {}),
        ]:
            theirs = await refused(ann, tool, {"task_id": secret["id"], **extra})
            missing = await refused(ann, tool, {"task_id": missing_id, **extra})
            assert theirs.text.replace(str(secret["id"]), "N") == missing.text.replace(
                str(missing_id), "N"
            )
            assert theirs.code == missing.code == "TASK_NOT_FOUND"
            spoofed = {"task_id": secret["id"], "user_id": stack.bob.id, **extra}
            assert (await refused(ann, tool, spoofed)).code == "UNAUTHORIZED"
        listed = await ann.call_tool("list_tasks", {"query": "diary"})
        assert listed.structured_content["total"] == 0
        as_bob = {"title": "as bob", "user_id": str(stack.bob.id)}
        assert (await refused(ann, "add_task", as_bob)).code == "UNAUTHORIZED"
        own = await ann.call_tool("add_task", {"title": "compat", "user_id": str(eve.id)})
        assert own.structured_content["title"] == "compat"
        await ann.call_tool("delete_task", {"task_id": own.structured_content["id"]})
    async with stack.client(stack.bob.token) as bob:
        still = await bob.call_tool("get_task", {"task_id": secret["id"]})
        assert still.structured_content["title"] == "Bob's diary"
        await bob.call_tool("delete_task", {"task_id": secret["id"]})


def test_a_refused_request_says_how_to_get_a_token(stack):
    for token in (None, "not-a-token", "tat_" + "x" * 40):
        response = raw_post(stack, token)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].lower().startswith("bearer")
        body = response.json()
        assert body["error"] == "invalid_token"
        assert "Personal access tokens" in body["error_description"]
        assert "Authorization: Bearer <token>" in body["error_description"]
