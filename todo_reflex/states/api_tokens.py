"""Personal access tokens on the account page: create (shown once), list, revoke.

The plaintext of a new token lives in state only while its dialog is open; closing the dialog,
reloading the page or creating another token forgets it. Only its hash is stored (core).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import reflex as rx

from todo_reflex.core import api_tokens
from todo_reflex.core.dates import zone
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.models import ApiTokenPublic, utcnow
from todo_reflex.core.settings import get_settings
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped

SERVER_NAME = "todo-tasks"
INSPECTOR_VERSION = "2.12.0"  # tests/mcp/test_inspector.py runs it against the server
EXPIRY_CHOICES = {"30": 30, "90": 90, "365": 365, "never": None}


@dataclass
class TokenRow:
    """One token as the list shows it (never the secret)."""

    id: int
    name: str
    prefix: str
    created: str
    last_used: str
    expires: str
    expired: bool


def local_time(moment: datetime | None, tz: str, *, empty: str = "Never") -> str:
    """``12 Mar 2026, 14:05`` in the user's time zone, or ``empty`` for no moment."""
    if moment is None:
        return empty
    return moment.astimezone(zone(tz)).strftime("%-d %b %Y, %H:%M")


def public_mcp_url() -> str:
    """The MCP endpoint external clients use: ``MCP_PUBLIC_URL``, ``MCP_SERVER_URL`` or local."""
    settings = get_settings()
    if settings.mcp_public_url or settings.mcp_server_url:
        return settings.mcp_public_url or settings.mcp_server_url
    from todo_reflex.assistant.mcp_client import mcp_url

    return mcp_url(settings)


def inspector_command(mcp_url: str, token: str) -> str:
    """The MCP Inspector command that lists the tools (pinned: older cached ones lack --header)."""
    return (
        f"npx -y @modelcontextprotocol/inspector@{INSPECTOR_VERSION} --cli {mcp_url} "
        f'--transport http --header "Authorization: Bearer {token}" --method tools/list'
    )


def _row(token: ApiTokenPublic, tz: str) -> TokenRow:
    expired = token.expires_at is not None and token.expires_at <= utcnow()
    until = local_time(token.expires_at, tz, empty="")
    return TokenRow(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        created=local_time(token.created_at, tz),
        last_used=local_time(token.last_used_at, tz),
        expires=(f"expired {until}" if expired else f"expires {until}") if until else "no expiry",
        expired=expired,
    )


@user_scoped
class TokensState(rx.State):
    """The user's tokens, the one just created (while shown) and the one about to be revoked."""

    tokens: list[TokenRow] = []
    error: str = ""
    new_token: str = ""
    new_token_name: str = ""
    mcp_url: str = ""
    revoke_id: int = 0
    revoke_name: str = ""

    @rx.var
    def client_config(self) -> str:
        """The JSON an MCP client (Claude Desktop, Cursor, ...) reads, with the new token."""
        if not self.new_token:
            return ""
        server = {"url": self.mcp_url, "headers": {"Authorization": f"Bearer {self.new_token}"}}
        return json.dumps({"mcpServers": {SERVER_NAME: server}}, indent=2)

    @rx.var
    def inspector_command(self) -> str:
        """The MCP Inspector command line that lists the tools with the new token."""
        return inspector_command(self.mcp_url, self.new_token) if self.new_token else ""

    @rx.event
    @signed_in
    def load(self, actor: Actor) -> None:
        """Fill the list; forget any token still shown from before."""
        self._forget_new()
        self.error, self.revoke_id, self.revoke_name = "", 0, ""
        self._refresh(actor)

    @rx.event
    @signed_in
    def create(self, actor: Actor, form: dict[str, str]) -> rx.event.EventSpec | None:
        """Create a token with the typed name and open the dialog that shows it once."""
        try:
            with session_scope() as session:
                created = api_tokens.create_api_token(
                    session=session, user_id=actor.user_id, name=form.get("token_name", ""),
                    expires_in_days=EXPIRY_CHOICES.get(form.get("token_expires", "90"), 90),
                )
        except InvalidInput as error:
            self.error = error.reason[:1].upper() + error.reason[1:] + "."
            return None
        self.error = ""
        self.mcp_url = public_mcp_url()
        self.new_token, self.new_token_name = created.plaintext, created.token.name
        self._refresh(actor)
        return rx.set_value("token_name", "")

    @rx.event
    def close_new_token(self, open_: bool = False) -> None:
        """Dialog closed: the plaintext is gone for good."""
        if not open_:
            self._forget_new()

    @rx.event
    def ask_revoke(self, token_id: int, name: str) -> None:
        """Open the confirmation for revoking one token."""
        self.revoke_id, self.revoke_name = int(token_id), str(name)

    @rx.event
    def cancel_revoke(self, open_: bool = False) -> None:
        """Confirmation dismissed."""
        if not open_:
            self.revoke_id, self.revoke_name = 0, ""

    @rx.event
    @signed_in
    def revoke(self, actor: Actor, token_id: int) -> rx.event.EventSpec:
        """Revoke the confirmed token: clients using it are refused from now on."""
        name = self.revoke_name
        with session_scope() as session:
            api_tokens.revoke_api_token(session=session, user_id=actor.user_id,
                                        token_id=int(token_id))
        self.revoke_id, self.revoke_name = 0, ""
        self._refresh(actor)
        return rx.toast.success(f"Revoked “{name}”. Clients using it are now refused.")

    def _refresh(self, actor: Actor) -> None:
        with session_scope(read_only=True) as session:
            listed = api_tokens.list_api_tokens(session=session, user_id=actor.user_id)
        self.tokens = [_row(t, actor.timezone) for t in listed]

    def _forget_new(self) -> None:
        self.new_token = self.new_token_name = ""
