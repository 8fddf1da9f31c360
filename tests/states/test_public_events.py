"""Every event a websocket client can call is one someone decided to publish.

Reflex turns every public method of a State class into an event that any client may send with
any payload. A new public method therefore fails here until it is added to
``public_events.json`` on purpose (and guarded with ``signed_in`` when it acts for a user).
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import reflex as rx

from tests.states.state_tree import published_events, user_states

ALLOWED = Path(__file__).with_name("public_events.json")


def test_published_events_match_the_allow_list() -> None:
    expected = json.loads(ALLOWED.read_text())
    actual = published_events()
    added = {s: sorted(set(e) - set(expected.get(s, []))) for s, e in actual.items()}
    removed = {s: sorted(set(e) - set(actual.get(s, []))) for s, e in expected.items()}
    assert not {s: e for s, e in added.items() if e}, (
        "New public events: make them private (_name) or add them to public_events.json"
    )
    assert not {s: e for s, e in removed.items() if e}, "Remove these from public_events.json"


def test_no_event_takes_an_identity() -> None:
    suspicious = {"user_id", "actor", "user", "owner_id", "session_id", "email"}
    for cls in user_states():
        for name, handler in cls.event_handlers.items():
            parameters = set(inspect.signature(handler.fn).parameters)
            assert not parameters & suspicious, f"{cls.__name__}.{name} takes {parameters}"


def test_setvar_reaches_only_published_events() -> None:
    """``setvar(name, value)`` calls ``set_<name>``: every such method must be a real event."""
    for cls in user_states():
        setters = {n for n in dir(cls) if n.startswith("set_") and callable(getattr(cls, n))}
        assert setters <= set(cls.event_handlers) | set(rx.State.event_handlers), cls.__name__

