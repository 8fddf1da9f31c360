"""Bearer-token identity for the MCP server: app JWTs (audience ``todo-mcp``) and personal tokens.

The user comes only from the verified token; tools read it with ``current_actor()``.
"""

from __future__ import annotations

import anyio
from fastmcp.server.auth import AccessToken, TokenVerifier
from fastmcp.server.dependencies import get_access_token

from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import DomainError, Unauthorized, Unavailable, dependency_down
from todo_reflex.core.identity import resolve_bearer
from todo_reflex.core.logs import user_id_var
from todo_reflex.core.models import User
from todo_reflex.core.settings import Settings
from todo_reflex.core.tasks import Actor


class TodoTokenVerifier(TokenVerifier):
    """Accepts the app's short-lived MCP JWTs and users' personal access tokens."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    async def verify_token(self, token: str) -> AccessToken | None:
        """Return the token's identity, or None (HTTP 401) when it is not valid.

        Raises:
            Unavailable: The token could not be checked (database down); HTTP 503.
        """
        try:
            identity = await anyio.to_thread.run_sync(
                lambda: resolve_bearer(
                    token, audience=self.settings.mcp_audience, settings=self.settings
                )
            )
        except DomainError:
            return None
        except Exception as error:
            if dependency_down(error):
                raise Unavailable("the token can't be checked right now; try again") from error
            raise
        return AccessToken(
            token=token,
            client_id=f"user:{identity.user_id}",
            scopes=[],
            claims={"sub": str(identity.user_id), "via": identity.via},
        )


def current_actor(user_id: str | int | None = None) -> Actor:
    """The acting user of this request; a ``user_id`` argument must name the same user."""
    token = get_access_token()
    if token is None or "sub" not in token.claims:
        raise Unauthorized("a valid bearer token is required")
    subject = int(token.claims["sub"])
    if user_id is not None and str(user_id).strip() != str(subject):
        raise Unauthorized("user_id does not match the authenticated user")
    user_id_var.set(str(subject))
    with session_scope() as session:
        user = session.get(User, subject)
        if user is None:
            raise Unauthorized("the account of this token no longer exists")
        return Actor(user_id=subject, timezone=user.timezone)
