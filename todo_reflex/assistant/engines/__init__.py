"""Assistant engines: one interface (``respond(turn)`` yields events) over two implementations.

``OfflineEngine`` runs the built-in planner; ``OpenAIAgentsEngine`` lets a model drive the
same MCP tools and falls back to the offline engine when the model service fails.
``get_engine`` picks one from the settings. No Reflex import here.
"""

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
from .factory import get_engine
from .offline import OfflineEngine

__all__ = [
    "AssistantEngine",
    "Done",
    "EngineName",
    "Event",
    "HistoryItem",
    "OfflineEngine",
    "TextDelta",
    "ToolEvent",
    "TurnInput",
    "get_engine",
]
