"""Who is signed in. The session token lives in the browser; everything else is checked here."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes
from todo_reflex.core import sessions, tokens, users
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

    def actor(self) -> Actor | None:
        """Verify the browser's token now; the acting user, or None after clearing identity."""
        settings = get_settings()
        if not self.auth_token:
            self._forget()
            return None
        try:
            claims = tokens.verify_token(self.auth_token, audience=settings.jwt_audience)
        except DomainError:
            self._forget()
            return None
        user = users.get_user(claims.user_id)
        if user is None:
            self._forget()
            return None
        self.user_email, self.user_name, self.user_timezone = user.email, user.name, user.timezone
        return Actor(user_id=user.id, timezone=user.timezone)

    def session_id(self) -> str | None:
        """The session id inside the browser's token (already verified by ``actor``)."""
        try:
            return tokens.decode_token(self.auth_token).session_id
        except DomainError:
            return None

    def start_session(self, user_id: int) -> None:
        """Create a session for a user who just proved who they are, and keep its token."""
        info = sessions.create_session(
            user_id=user_id,
            ip_address=self.router.session.client_ip[:64],
            user_agent=self.router.headers.user_agent[:512],
        )
        self.auth_token = tokens.issue_app_token(user_id=user_id, session_id=info.id)
        self.notice = ""
        self.actor()

    def _forget(self) -> None:
        if self.auth_token or self.user_email:
            self.end_session(EXPIRED if self.user_email else "")

    def end_session(self, notice: str) -> None:
        """Forget the token and the profile (the caller revoked or deleted what it must)."""
        self.auth_token = ""
        self.user_email = self.user_name = ""
        self.user_timezone = "UTC"
        self.notice = notice

    @rx.event
    def require_login(self) -> rx.event.EventSpec | None:
        """On-load guard of protected pages: back to sign-in when the session is not valid."""
        if self.actor() is None:
            return rx.redirect(routes.LOGIN)
        return None

    @rx.event
    def skip_if_signed_in(self) -> rx.event.EventSpec | None:
        """On-load of the sign-in pages: go straight to the chat when already signed in."""
        if self.auth_token and self.actor() is not None:
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
        return rx.redirect(routes.CHAT if self.actor() else routes.LOGIN)

    @rx.event
    async def sign_out(self) -> rx.event.EventSpec:
        """Revoke this session everywhere it is cached and forget the token and the data."""
        sid = self.session_id() if self.auth_token else None
        if sid:
            sessions.revoke_session(sid)
        self.end_session("You are signed out.")
        await forget_user_data(self)
        return rx.redirect(routes.LOGIN)
