"""``get_engine``: ASSISTANT_ENGINE=auto|offline|openai and the OPENAI_API_KEY rule."""

from __future__ import annotations

import sys

import pytest

from todo_reflex.assistant import engines
from todo_reflex.assistant.engines import OfflineEngine, OpenAIAgentsEngine, get_engine
from todo_reflex.core.settings import Settings, get_settings


@pytest.mark.parametrize(
    ("choice", "key", "expected"),
    [
        ("auto", "", OfflineEngine),
        ("auto", "sk-test", OpenAIAgentsEngine),
        ("offline", "sk-test", OfflineEngine),
        ("openai", "sk-test", OpenAIAgentsEngine),
        ("openai", "", OpenAIAgentsEngine),  # e.g. a local Ollama that needs no key
    ],
)
def test_selection_rules(choice, key, expected):
    engine = get_engine(Settings(assistant_engine=choice, openai_api_key=key))
    assert type(engine) is expected
    assert engine.name == ("openai" if expected is OpenAIAgentsEngine else "offline")


def test_defaults_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.delenv("ASSISTANT_ENGINE", raising=False)
    get_settings.cache_clear()
    try:
        assert isinstance(get_engine(), OpenAIAgentsEngine)
        monkeypatch.setenv("ASSISTANT_ENGINE", "offline")
        get_settings.cache_clear()
        assert isinstance(get_engine(), OfflineEngine)
    finally:
        get_settings.cache_clear()


def test_missing_sdk_falls_back_to_offline(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "todo_reflex.assistant.engines.openai_agents", None)
    engine = get_engine(Settings(assistant_engine="openai", openai_api_key="sk-test"))
    assert isinstance(engine, OfflineEngine)
    assert "using offline" in caplog.text


def test_public_names():
    for name in engines.__all__:
        assert getattr(engines, name) is not None
    with pytest.raises(AttributeError):
        _ = engines.NoSuchEngine
