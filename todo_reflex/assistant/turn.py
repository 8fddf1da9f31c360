"""The inputs of one planning step, bundled so intent handlers share one signature."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .models import Plan
from .task_index import TaskIndex

LASTING = ("last_listed", "last_task", "writes")  # context kept from turn to turn


@dataclass(frozen=True)
class Turn:
    """One user message with everything needed to plan it.

    Attributes:
        text: The tidied message (politeness and end punctuation removed).
        raw: The message as typed.
        now: Current wall-clock time in the user's zone (naive).
        tasks: The user's tasks known in this turn (a partial index fetches on demand).
        context: The stored conversation context (not modified).
    """

    text: str
    raw: str
    now: datetime
    tasks: TaskIndex
    context: dict[str, Any]

    def task(self, task_id: int) -> dict[str, Any] | None:
        """Return the user's task with this id, or None when there is none."""
        return self.tasks.get(task_id)

    def plan(self, **fields: Any) -> Plan:
        """Return a ``Plan`` whose context carries forward this turn's lasting context."""
        keep = {k: v for k, v in self.context.items() if k in LASTING}
        keep.update(fields.pop("context", {}))
        return Plan(context=keep, **fields)
