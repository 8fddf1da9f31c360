"""The account page: profile, password, sessions and deleting the account.

Passwords never enter state: they are read from the submitted form and the fields are cleared
in the browser after a successful change.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx

from todo_reflex import routes
from todo_reflex.core import sessions, users
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, RateLimited
from todo_reflex.core.ratelimit import get_limiter, login_limit
from todo_reflex.core.tasks import Actor
from todo_reflex.states.api_tokens import TokensState
from todo_reflex.states.auth import AuthState, end_session, session_id, signed_in, verify
from todo_reflex.states.privacy import forget_user_data, user_scoped

DETECT_ZONE = "Intl.DateTimeFormat().resolvedOptions().timeZone"
PASSWORD_FIELDS = ("current_password", "new_password", "repeat_password")
SIGNED_OUT_EVERYWHERE = "You were signed out on every device, this one included."
FILL_IN = "Fill in your current password and a new one."
NOT_THE_SAME = "The two new passwords are not the same."
DELETED = "Your account was deleted, with all its tasks and chats."


def _session_count(user_id: int) -> int:
    with session_scope(read_only=True) as session:
        return len(sessions.list_active_sessions(user_id=user_id, session=session))


def _sentence(error: InvalidInput) -> str:
    text = error.reason[:1].upper() + error.reason[1:] + "."
    return f"New password: {error.reason}." if error.field == "password" else text


@user_scoped
class AccountState(rx.State):
    """The profile being edited, each form's outcome, and the delete confirmation."""

    name: str = ""
    timezone: str = ""
    profile_error: str = ""
    profile_saved: str = ""
    password_error: str = ""
    password_saved: str = ""
    session_count: int = 0
    delete_confirm: str = ""
    delete_error: str = ""

    @rx.var
    def zone_now(self) -> str:
        """The time now in the zone being typed, so people can check it; "" for no zone."""
        try:
            name = users.check_timezone(self.timezone)
        except InvalidInput:
            return ""
        return datetime.now(ZoneInfo(name)).strftime("%a %-d %b, %H:%M")

    @rx.event
    @signed_in
    async def load(self, actor: Actor) -> rx.event.EventSpec:
        """Fill the forms from the signed-in user and detect the browser's time zone."""
        auth = await self.get_state(AuthState)
        self.name, self.timezone = auth.user_name, auth.user_timezone
        self.profile_error = self.profile_saved = self.password_error = ""
        self.password_saved = self.delete_confirm = self.delete_error = ""
        self.session_count = _session_count(actor.user_id)
        return rx.call_script(DETECT_ZONE, callback=AuthState.set_browser_timezone)

    @rx.event
    def set_name(self, value: str) -> None:
        """Display name as typed."""
        self.name, self.profile_saved = str(value), ""

    @rx.event
    def set_timezone(self, value: str) -> None:
        """Time zone as typed or picked from the suggestions."""
        self.timezone, self.profile_saved = str(value), ""

    @rx.event
    def set_delete_confirm(self, value: str) -> None:
        """The email typed to confirm deletion."""
        self.delete_confirm, self.delete_error = str(value), ""

    @rx.event
    @signed_in
    async def save_profile(self, actor: Actor, form: dict[str, str]) -> rx.event.EventSpec | None:
        """Save the display name and time zone; dates everywhere follow the new zone."""
        return await self._save(actor, name=form.get("name", self.name),
                                timezone=form.get("timezone", self.timezone))

    @rx.event
    @signed_in
    async def use_browser_timezone(self, actor: Actor) -> rx.event.EventSpec | None:
        """Switch to the time zone this browser reports, in one click."""
        auth = await self.get_state(AuthState)
        self.timezone = auth.browser_timezone
        return await self._save(actor, name=None, timezone=auth.browser_timezone)

    async def _save(
        self, actor: Actor, *, name: str | None, timezone: str
    ) -> rx.event.EventSpec | None:
        auth = await self.get_state(AuthState)
        try:
            with session_scope() as session:
                users.update_profile(session=session, user_id=actor.user_id, name=name,
                                     timezone=timezone)
        except InvalidInput as error:
            self.profile_error, self.profile_saved = _sentence(error), ""
            return None
        verify(auth)  # reload the shared identity: name, and the zone dates use
        self.name, self.timezone = auth.user_name, auth.user_timezone
        self.profile_error = ""
        self.profile_saved = f"Saved. Dates are now shown in {auth.user_timezone}."
        return TokensState.load  # token dates in the new zone

    @rx.event
    @signed_in
    async def change_password(
        self, actor: Actor, form: dict[str, str]
    ) -> rx.event.EventSpec | list | None:
        """Check the current password, set the new one, sign out every other session."""
        auth = await self.get_state(AuthState)
        current, new, repeat = (form.get(key, "") for key in PASSWORD_FIELDS)
        self.password_saved = ""
        if not current or not new:
            self.password_error = FILL_IN
            return None
        if new != repeat:
            self.password_error = NOT_THE_SAME
            return None
        limiter, key, limit = get_limiter(), str(actor.user_id), login_limit()
        try:
            limiter.enforce("password-change", key, limit)
            with session_scope() as session:
                others = users.change_password(
                    session=session, user_id=actor.user_id, current_password=current,
                    new_password=new, keep_session_id=session_id(auth))
        except RateLimited as error:
            self.password_error = f"Too many attempts. Try again in {error.retry_after} s."
            return None
        except InvalidInput as error:
            self.password_error = _sentence(error)
            return None
        limiter.clear("password-change", key, limit)
        self.password_error = ""
        signed_out = f"{others} other session{'s' if others != 1 else ''}" if others else "none"
        self.password_saved = (f"Password changed. Other sessions are signed out ({signed_out}) "
                               "and personal access tokens are revoked; this one stays signed in.")
        self.session_count = _session_count(actor.user_id)
        return [*(rx.set_value(field, "") for field in PASSWORD_FIELDS), TokensState.load]

    @rx.event
    async def sign_out_everywhere(self) -> rx.event.EventSpec:
        """Revoke every session of this user, this one included, and go to sign-in."""
        auth = await self.get_state(AuthState)
        actor = verify(auth)
        if actor is not None:
            with session_scope() as session:
                sessions.revoke_user_sessions(user_id=actor.user_id, session=session)
        await self._leave(auth, SIGNED_OUT_EVERYWHERE)
        return rx.redirect(routes.LOGIN)

    @rx.event
    @signed_in
    async def delete_account(self, actor: Actor, form: dict[str, str]) -> rx.event.EventSpec | None:
        """Delete the user and all their data once the typed email matches."""
        auth = await self.get_state(AuthState)
        typed = str(form.get("delete_confirm", self.delete_confirm))
        if typed.strip().lower() != auth.user_email.lower():
            self.delete_error = "Type your email exactly as shown to confirm."
            return None
        with session_scope() as session:
            users.delete_user(user_id=actor.user_id, session=session)
        await self._leave(auth, DELETED)
        return rx.redirect(routes.LOGIN)

    async def _leave(self, auth: AuthState, notice: str) -> None:
        end_session(auth, notice)
        await forget_user_data(self)
