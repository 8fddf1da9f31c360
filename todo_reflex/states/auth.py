"""Who is signed in, and the one guard that turns a browser's session into the acting user.

Reflex makes every public method of a state an event any websocket client may call, so the
helpers here are module functions and identity is never a parameter: events that act for a user are
wrapped with :func:`signed_in`, which verifies the session token now and passes the user on
(and, to a handler that asks for ``db``, the database session it verified in, so an event
such as a chat message does all its reading and writing in one session).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from todo_reflex import routes
from todo_reflex.core import sessions, tokens, users
from todo_reflex.core.client_ip import client_ip
from todo_reflex.core.db import session_or_own, session_scope
from todo_reflex.core.errors import DomainError
from todo_reflex.core.settings import get_settings
from todo_reflex.core.tasks import Actor
from todo_reflex.states.privacy import forget_user_data

EXPIRED = "Your session ended. Please sign in again."


class AuthState(rx.State):
    """Identity only: the browser's token and the signed-in user's public profile."""

    auth_token: str = rx.LocalStorage("", name="todo_session", sync=True)
    user_email: str = ""
    user_name: str = ""
    user_timezone: str = "UTC"
    notice: str = ""
    browser_timezone: str = ""

    @rx.var
    def signed_in(self) -> bool:
        """Whether a verified user is loaded."""
        return self.user_email != ""

    @rx.var
    def initials(self) -> str:
        """One or two letters for the avatar."""
        source = self.user_name or self.user_email
        parts = source.replace("@", " ").split()
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    @rx.event
    def require_login(self) -> rx.event.EventSpec | None:
        """On-load guard of protected pages: back to sign-in when the session is not valid."""
        if verify(self) is None:
            return rx.redirect(routes.LOGIN)
        return None

    @rx.event
    def skip_if_signed_in(self) -> rx.event.EventSpec | None:
        """On-load of the sign-in pages: go straight to the chat when already signed in."""
        if self.auth_token and verify(self) is not None:
            return rx.redirect(routes.CHAT)
        return rx.call_script(
            "Intl.DateTimeFormat().resolvedOptions().timeZone",
            callback=AuthState.set_browser_timezone,
        )

    @rx.event
    def set_browser_timezone(self, zone: str) -> None:
        """Remember the browser's IANA time zone for a new account."""
        self.browser_timezone = str(zone or "")[:64]

    @rx.event
    def home(self) -> rx.event.EventSpec:
        """``/``: the chat when signed in, else sign-in."""
        return rx.redirect(routes.CHAT if verify(self) else routes.LOGIN)

    @rx.event
    async def sign_out(self) -> rx.event.EventSpec:
        """Revoke this session everywhere it is cached and forget the token and the data."""
        sid = session_id(self) if self.auth_token else None
        if sid:
            with session_scope() as session:
                sessions.revoke_session(session_id=sid, session=session)
        end_session(self, "You are signed out.")
        await forget_user_data(self)
        return rx.redirect(routes.LOGIN)


def verify(auth: AuthState, db: Session | None = None) -> Actor | None:
    """Verify the browser's token now; the acting user, or None after clearing identity.

    Args:
        auth: The browser's identity state.
        db: The event's database session to read in; a read-only one of its own by default.
    """
    if not auth.auth_token:
        _forget(auth)
        return None
    audience = get_settings().jwt_audience
    try:
        with session_or_own(db, read_only=True) as session:
            claims = tokens.verify_token(token=auth.auth_token, session=session, audience=audience)
            user = users.get_user(user_id=claims.user_id, session=session)
    except DomainError:
        _forget(auth)
        return None
    if user is None:
        _forget(auth)
        return None
    auth.user_email, auth.user_name, auth.user_timezone = user.email, user.name, user.timezone
    return Actor(user_id=user.id, timezone=user.timezone)


def session_id(auth: AuthState) -> str | None:
    """The session id inside the browser's token (verified by :func:`verify` first)."""
    try:
        return tokens.decode_token(auth.auth_token).session_id
    except DomainError:
        return None


def start_session(auth: AuthState, user_id: int) -> None:
    """Create a session for a user who just proved who they are, and keep its token."""
    with session_scope() as session:
        info = sessions.create_session(
            session=session,
            user_id=user_id,
            ip_address=client_address(auth)[:64],
            user_agent=auth.router.headers.user_agent[:512],
        )
    auth.auth_token = tokens.issue_app_token(user_id=user_id, session_id=info.id)
    auth.notice = ""
    verify(auth)


def end_session(auth: AuthState, notice: str) -> None:
    """Forget the token and the profile (the caller revoked or deleted what it must)."""
    auth.auth_token = ""
    auth.user_email = auth.user_name = ""
    auth.user_timezone = "UTC"
    auth.notice = notice


def _forget(auth: AuthState) -> None:
    if auth.auth_token or auth.user_email:
        end_session(auth, EXPIRED if auth.user_email else "")


def client_address(state: rx.State) -> str:
    """The browser's address: the peer, or X-Forwarded-For as far as trusted proxies wrote it."""
    forwarded = state.router.headers.raw_headers.get("x-forwarded-for", "")
    return client_ip(state.router.session.client_ip, forwarded)


async def require_actor(state: rx.State, db: Session | None = None) -> Actor | None:
    """The verified user behind the browser of ``state``'s event, checked now; None if none."""
    return verify(await state.get_state(AuthState), db)


def signed_in(handler: Callable[..., Awaitable[Any] | Any] | None = None, *,
              reads: tuple[type[rx.State], ...] = ()) -> Any:
    """Event guard: run ``handler(self, actor, ...)`` only for a verified user.

    Without a valid session the browser goes to sign-in and the handler never runs. The
    ``actor`` parameter is hidden from the event's signature, and an ``actor`` sent by a
    client is dropped, so identity can only come from the session. A handler whose next
    parameter is ``db`` runs as ``handler(self, actor, db, ...)`` inside the one database
    session (a transaction, committed when it returns) that the token was verified in. The
    session's connection must not wait on the event loop (other events' sessions block the
    loop on the pool, or on its row locks): the states such a handler gets are named in
    ``reads`` (``@signed_in(reads=(ThreadListState,))``) and loaded before the session opens,
    so its ``get_state`` calls return at once; it awaits nothing else.
    """
    if handler is None:
        return functools.partial(signed_in, reads=reads)
    signature = inspect.signature(handler)
    hidden = {"actor", "db"}
    public = [p for name, p in signature.parameters.items() if name not in hidden]
    wants_db = "db" in signature.parameters

    @functools.wraps(handler)
    async def guarded(self: rx.State, *args: Any, **kwargs: Any) -> Any:
        for name in hidden:
            kwargs.pop(name, None)
        if not wants_db:
            return await _run_signed_in(handler, self, None, args, kwargs)
        for needed in (AuthState, *reads):
            await self.get_state(needed)
        with session_scope() as db:
            return await _run_signed_in(handler, self, db, args, kwargs)

    guarded.__signature__ = signature.replace(parameters=public)  # type: ignore[attr-defined]
    guarded.__annotations__ = {
        k: v for k, v in handler.__annotations__.items() if k not in hidden
    }
    return guarded


async def _run_signed_in(handler: Callable[..., Any], state: rx.State, db: Session | None,
                         args: tuple, kwargs: dict[str, Any]) -> Any:
    actor = await require_actor(state, db)
    if actor is None:
        return rx.redirect(routes.LOGIN)
    result = handler(state, actor, db, *args, **kwargs) if db is not None else \
        handler(state, actor, *args, **kwargs)
    return await result if inspect.isawaitable(result) else result
