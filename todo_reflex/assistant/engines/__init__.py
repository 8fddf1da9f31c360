"""Assistant engines: one interface (``respond(turn)`` yields events) over two implementations.

``OfflineEngine`` runs the built-in planner; ``OpenAIAgentsEngine`` lets a model drive the
same MCP tools and falls back to the offline engine when the model service fails.
``get_engine`` picks one from the settings. No Reflex import here.

The engines (and their MCP client stack) are imported on first use, so the light parts
(the event types, the ``chat`` argument parser) load fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .base import (
    AssistantEngine,
    Done,
    EngineName,
    Event,
    HistoryItem,
    TextDelta,
    ToolEvent,
    TurnInput,
)

if TYPE_CHECKING:
    from .factory import get_engine
    from .offline import OfflineEngine
    from .openai_agents import OpenAIAgentsEngine

_LAZY = {"get_engine": ".factory", "OfflineEngine": ".offline",
         "OpenAIAgentsEngine": ".openai_agents"}

__all__ = [
    "AssistantEngine",
    "Done",
    "EngineName",
    "Event",
    "HistoryItem",
    "OfflineEngine",
    "OpenAIAgentsEngine",
    "TextDelta",
    "ToolEvent",
    "TurnInput",
    "get_engine",
]


def __getattr__(name: str) -> Any:
    """Import ``get_engine`` and the engine classes on first access."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
