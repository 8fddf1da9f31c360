"""Signing out forgets every state that holds a user's data: each such state is registered."""

from __future__ import annotations

from tests.states.state_tree import user_states
from todo_reflex.states.privacy import user_scoped_states

# States that hold no user's data: the session itself, the connection banner, the sign-in and
# password reset forms.
NOT_USER_DATA = {"AuthState", "ConnectionState", "SignInState", "PasswordResetState"}


def test_every_state_with_user_data_is_reset_on_sign_out() -> None:
    ours = {cls.__name__ for cls in user_states()}  # imports every state module first
    registered = {cls.__name__ for cls in user_scoped_states()}
    assert ours - NOT_USER_DATA == registered


def test_states_that_hold_no_user_data_are_not_reset() -> None:
    user_states()
    registered = {cls.__name__ for cls in user_scoped_states()}
    assert not registered & NOT_USER_DATA
