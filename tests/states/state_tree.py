"""The app's whole Reflex state tree, imported without building the app."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import reflex as rx

import todo_reflex.states as states_package


def _import_all_states() -> None:
    for module in pkgutil.iter_modules(states_package.__path__):
        importlib.import_module(f"{states_package.__name__}.{module.name}")


def _walk(cls: type[rx.State]) -> Iterator[type[rx.State]]:
    yield cls
    for sub in sorted(cls.get_substates(), key=lambda s: s.get_full_name()):
        yield from _walk(sub)


def all_states() -> list[type[rx.State]]:
    """Every state class, the framework's included, root first."""
    _import_all_states()
    return list(_walk(rx.State))


def user_states() -> list[type[rx.State]]:
    """Our own state classes."""
    return [cls for cls in all_states() if cls.is_user_defined()]


def published_events() -> dict[str, list[str]]:
    """``{state full name: sorted event names}`` for the whole tree."""
    return {cls.get_full_name(): sorted(cls.event_handlers) for cls in all_states()}
