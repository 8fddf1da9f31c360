"""Choose the engine from the settings (``ASSISTANT_ENGINE=auto|offline|openai``)."""

from __future__ import annotations

import logging

from todo_reflex.core.settings import Settings, get_settings

from .base import AssistantEngine
from .offline import OfflineEngine

logger = logging.getLogger(__name__)


def wants_openai(settings: Settings) -> bool:
    """Whether the settings ask for the model engine.

    ``openai`` always does; ``auto`` does when ``OPENAI_API_KEY`` is set; ``offline`` never.
    """
    if settings.assistant_engine == "openai":
        return True
    return settings.assistant_engine == "auto" and bool(settings.openai_api_key.get_secret_value())


def get_engine(settings: Settings | None = None) -> AssistantEngine:
    """Return the engine the settings select.

    Args:
        settings: The settings; the process-wide ones by default.

    Returns:
        An ``OpenAIAgentsEngine`` (with the offline engine as its fallback) when
        ``wants_openai``, else an ``OfflineEngine``. When the ``openai-agents`` package is
        not installed, the offline engine with a logged warning.
    """
    settings = settings or get_settings()
    if not wants_openai(settings):
        return OfflineEngine(settings)
    try:
        from .openai_agents import OpenAIAgentsEngine
    except ImportError as error:
        logger.warning("openai engine requested but unavailable (%s); using offline", error)
        return OfflineEngine(settings)
    return OpenAIAgentsEngine(settings)
