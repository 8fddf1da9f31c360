"""Forget one user's data in this browser's state when another may sign in next.

A state that holds a user's data registers itself with ``@user_scoped``; signing in, out or
deleting the account resets every registered state, so auth knows no feature by name.
"""

from __future__ import annotations

from typing import TypeVar

import reflex as rx

StateT = TypeVar("StateT", bound=type[rx.State])

_USER_SCOPED: list[type[rx.State]] = []


def user_scoped(state_class: StateT) -> StateT:
    """Register a state whose values belong to the signed-in user."""
    _USER_SCOPED.append(state_class)
    return state_class


def user_scoped_states() -> tuple[type[rx.State], ...]:
    """The registered states, in registration order."""
    return tuple(_USER_SCOPED)


async def forget_user_data(state: rx.State) -> None:
    """Reset every registered state that holds a user's tasks, threads, profile or tokens."""
    for private in _USER_SCOPED:
        (await state.get_state(private)).reset()
