"""The forgot-password and reset pages: ask for a link by email, then choose a new password.

The link's token is read from the page's address, never taken as an event argument, and the
answer to a request is the same whether or not the address has an account.
"""

from __future__ import annotations

import reflex as rx

from todo_reflex import routes
from todo_reflex.core import password_reset
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, Unauthorized
from todo_reflex.states.auth import AuthState, client_address, end_session
from todo_reflex.states.privacy import forget_user_data

SENT = ("If an account exists for that address, we've sent a link to reset its password. "
        "It works once, for 30 minutes.")
BAD_EMAIL = "Enter your email address, such as you@example.com."
LINK_INVALID = password_reset.LINK_INVALID
CHANGED = "Your password is changed and every device is signed out. Sign in with the new one."


class PasswordResetState(rx.State):
    """What the forgot-password and reset forms say back; no user's data."""

    sent: bool = False
    link_invalid: bool = False
    error: str = ""

    @rx.event
    def open_forgot(self) -> None:
        """Forget an old error when ``/forgot`` opens.

        ``sent`` stays: after a client-side navigation this load event can arrive after a
        quick first submit, and it would hide the answer just given.
        """
        self.error = ""

    @rx.event
    def ask_again(self) -> None:
        """Show the request form again, for another address or a lost mail."""
        self.sent, self.error = False, ""

    @rx.event
    def request_link(self, form: dict[str, str]) -> None:
        """Mail a reset link if the address has an account; the same answer if not."""
        try:
            with session_scope() as session:
                password_reset.request_reset(session=session, email=form.get("email", ""),
                                             ip=client_address(self))
        except InvalidInput:
            self.error = BAD_EMAIL
            return
        self.error, self.sent = "", True

    @rx.event
    def check_link(self) -> None:
        """Say at once when the link of ``/reset`` has expired or was used (when it opens)."""
        self.error = ""
        with session_scope(read_only=True) as session:
            self.link_invalid = not password_reset.link_is_valid(session=session,
                                                                 token=_token(self))

    @rx.event
    async def set_new_password(self, form: dict[str, str]) -> rx.event.EventSpec | None:
        """Set the password typed twice, sign out everywhere, and open sign-in with a note."""
        password = form.get("password", "")
        if password != form.get("confirm", ""):
            self.error = "The two passwords are not the same."
            return None
        try:
            with session_scope() as session:
                password_reset.reset_password(session=session, token=_token(self),
                                              new_password=password, ip=client_address(self))
        except Unauthorized:
            self.link_invalid, self.error = True, ""
            return None
        except InvalidInput as error:
            self.error = f"Password: {error.reason}"
            return None
        self.error = ""
        end_session(await self.get_state(AuthState), CHANGED)  # this browser's session ended too
        await forget_user_data(self)
        return rx.redirect(routes.LOGIN)


def _token(state: rx.State) -> str:
    """The ``token`` of the page's address (``/reset?token=…``)."""
    return str(state.router.url.query_parameters.get("token", ""))[:100]
