"""Sign-in and sign-up forms: clear errors that never reveal which accounts exist."""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes
from todo_reflex.core import users
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, RateLimited, Unauthorized
from todo_reflex.core.settings import get_settings
from todo_reflex.states.auth import AuthState, client_address, start_session
from todo_reflex.states.privacy import forget_user_data

SIGNUP_CLOSED = "This server takes no new accounts. Ask its administrator for one."
FIELD_NAMES = {"email": "Email", "password": "Password", "timezone": "Time zone", "name": "Name"}


class SignInState(rx.State):
    """The error shown under the sign-in or sign-up form."""

    error: str = ""

    @rx.event
    async def log_in(self, form: dict[str, str]) -> rx.event.EventSpec | None:
        """Check the email and password, start a session and open the chat."""
        auth = await self.get_state(AuthState)
        try:
            with session_scope() as session:  # commits a rehashed password
                user = users.authenticate(
                    session=session,
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                    ip=client_address(self),
                )
        except RateLimited as error:
            self.error = f"Too many attempts. Try again in {_wait(error)}."
            return None
        except (Unauthorized, InvalidInput):
            self.error = "That email and password don't match an account."
            return None
        self.error = ""
        await forget_user_data(self)
        start_session(auth, user.id)
        return rx.redirect(routes.CHAT)

    @rx.var
    def signup_open(self) -> bool:
        """Whether this server takes new accounts (``ALLOW_SIGNUP``)."""
        return get_settings().allow_signup

    @rx.event
    async def sign_up(self, form: dict[str, str]) -> rx.event.EventSpec | None:
        """Create an account in the browser's time zone, start a session, open the chat."""
        auth = await self.get_state(AuthState)
        if form.get("password", "") != form.get("confirm", ""):
            self.error = "The two passwords are not the same."
            return None
        try:
            with session_scope() as session:
                user = users.register_user(
                    session=session,
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                    name=form.get("name", ""),
                    timezone=_known_zone(auth.browser_timezone),
                    ip=client_address(self),
                )
        except Unauthorized:  # ALLOW_SIGNUP=false
            self.error = SIGNUP_CLOSED
            return None
        except RateLimited as error:
            self.error = f"Too many new accounts from this network. Try again in {_wait(error)}."
            return None
        except InvalidInput as error:
            self.error = f"{FIELD_NAMES.get(error.field, error.field)}: {error.reason}"
            return None
        self.error = ""
        await forget_user_data(self)
        start_session(auth, user.id)
        return rx.redirect(routes.CHAT)

    @rx.event
    def clear_error(self) -> None:
        """Forget the last error (when the page opens)."""
        self.error = ""


def _known_zone(zone: str) -> str:
    try:
        return users.check_timezone(zone) if zone else "UTC"
    except InvalidInput:
        return "UTC"


def _wait(error: RateLimited) -> str:
    """``45 s``, ``3 min`` or ``2 h``: how long until the next try is allowed."""
    seconds = error.retry_after
    if seconds < 120:
        return f"{seconds} s"
    minutes = -(-seconds // 60)
    return f"{minutes} min" if minutes < 120 else f"{-(-minutes // 60)} h"
