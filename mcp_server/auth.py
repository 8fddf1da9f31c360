"""Bearer-token identity for the MCP server: app JWTs (audience ``todo-mcp``) and personal tokens.

The user comes only from the verified token; tools read it with ``current_actor()``. A check
is remembered for a few seconds (:mod:`todo_reflex.core.token_cache`: keyed by the token's
hash, dropped on any revocation), and carries the user's time zone, so a tool call usually
needs no I/O for identity at all: a cached check is answered on the event loop, and only a
full check (or a due read of the revocation generation) goes to a worker thread. A full
check reads the database in the request's own session (:mod:`mcp_server.call_session`),
which the tool then continues: one session per call either way.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
from fastmcp.server.auth import AccessToken, TokenVerifier
from fastmcp.server.dependencies import get_access_token
from sqlmodel import Session
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mcp_server.call_session import OneSessionPerRequest, request_session
from todo_reflex.core.errors import DomainError, Unauthorized, Unavailable, dependency_down
from todo_reflex.core.identity import Identity, resolve_bearer
from todo_reflex.core.logs import user_id_var
from todo_reflex.core.models import User
from todo_reflex.core.settings import Settings
from todo_reflex.core.tasks import Actor
from todo_reflex.core.token_cache import TokenCache


class TodoTokenVerifier(TokenVerifier):
    """Accepts the app's short-lived MCP JWTs and users' personal access tokens."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.cache: TokenCache[Identity] = TokenCache()

    async def verify_token(self, token: str) -> AccessToken | None:
        """Return the token's identity, or None (HTTP 401) when it is not valid.

        Raises:
            Unavailable: The token could not be checked (database down); HTTP 503.
        """
        identity = self.cache.get_local(token)  # memory only: no thread, no I/O
        if identity is None:
            try:
                identity = await anyio.to_thread.run_sync(self._identity, token)
            except DomainError:
                return None
            except Exception as error:
                if dependency_down(error):
                    raise Unavailable("the token can't be checked right now; try again") from error
                raise
        claims = {"sub": str(identity.user_id), "via": identity.via}
        if identity.timezone is not None:
            claims["tz"] = identity.timezone
        expires = identity.expires_at
        return AccessToken(
            token=token,
            client_id=f"user:{identity.user_id}",
            scopes=[],
            expires_at=int(expires.timestamp()) if expires is not None else None,
            claims=claims,
        )

    def get_middleware(self) -> list:
        """FastMCP's bearer auth inside a 401 explainer, inside the request-session holder."""
        return [Middleware(OneSessionPerRequest),
                Middleware(TokenHelp, how_to=token_help(self.settings)),
                *super().get_middleware()]

    def _identity(self, token: str) -> Identity:
        """The cached check of ``token``, or a full one (remembered when complete)."""
        cached = self.cache.get(token)
        if cached is not None:
            return cached
        generation = self.cache.generation() if self.cache.enabled else None
        holder = request_session()  # None for an in-memory client: the check has its own
        db = holder.open() if holder is not None else None
        if db is None:
            identity = resolve_bearer(token, audience=self.settings.mcp_audience)
        else:
            # A personal token's last-use write stays pending until the tool's first query
            # (or the request's end) flushes it: its row lock is then held only while that
            # thread runs, never while the request waits on the event loop for a thread.
            with db.no_autoflush:
                identity = resolve_bearer(token, audience=self.settings.mcp_audience, db=db)
        if identity.timezone is not None:  # a check made with the database down is not kept
            expires = identity.expires_at.timestamp() if identity.expires_at else float("inf")
            self.cache.put(token, identity, generation=generation, expires_at=expires)
        return identity


def current_actor(user_id: str | int | None = None, *, db: Session) -> Actor:
    """The acting user of this request; a ``user_id`` argument must name the same user.

    Args:
        user_id: The tool's optional ``user_id`` argument.
        db: The tool's database session, to read the user's time zone when the token check
            could not (it normally carries it).
    """
    token = get_access_token()
    if token is None or "sub" not in token.claims:
        raise Unauthorized("a valid bearer token is required")
    subject = int(token.claims["sub"])
    if user_id is not None and str(user_id).strip() != str(subject):
        raise Unauthorized("user_id does not match the authenticated user")
    user_id_var.set(str(subject))
    timezone = token.claims.get("tz")
    if timezone is None:
        user = db.get(User, subject)
        if user is None:
            raise Unauthorized("the account of this token no longer exists")
        timezone = user.timezone
    return Actor(user_id=subject, timezone=timezone)


def token_help(settings: Settings) -> str:
    """What a refused MCP client should do to get a token that works."""
    account = f"{settings.public_url.rstrip('/')}/account" if settings.public_url else "/account"
    return (
        "A valid bearer token is required. Sign in to the Task Assistant web app, open "
        f"Account ({account}) → Personal access tokens → Create token, and send it as "
        "the header 'Authorization: Bearer <token>'. Tokens expire or can be revoked there."
    )


class TokenHelp:
    """ASGI middleware: every 401 of the MCP server carries :func:`token_help` as its body.

    FastMCP answers a missing token with an empty body and a bad one with advice about OAuth
    re-registration, which this server does not offer; the status and the
    ``WWW-Authenticate`` challenge stay as they were (RFC 6750).
    """

    def __init__(self, app: ASGIApp, how_to: str) -> None:
        self.app = app
        self.body = json.dumps({"error": "invalid_token", "error_description": how_to}).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; replace the body of a 401 answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = False

        async def explain(message: Message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start" and message["status"] == 401:
                refused = True
                message = {**message, "headers": self._headers(message.get("headers", []))}
            elif message["type"] == "http.response.body" and refused:
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": self.body}
            await send(message)

        await self.app(scope, receive, explain)

    def _headers(self, headers: Any) -> list[tuple[bytes, bytes]]:
        kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
        return [*kept, (b"content-type", b"application/json"),
                (b"content-length", str(len(self.body)).encode())]
