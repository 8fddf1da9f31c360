"""Our phrasing cases (tests/assistant/phrasings/*.jsonl) in the scorer's case format.

A case names its task list (``"fixture": "standard"``) from ``phrasings/fixtures.json`` instead
of copying it; :func:`read_cases` puts the tasks back, so the scorer and the planner see whole
cases. A case may still carry its own ``"tasks"``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

PHRASINGS_DIR = Path(__file__).with_name("phrasings")
PHRASINGS = sorted(PHRASINGS_DIR.glob("*.jsonl"))


@cache
def _fixtures() -> dict[str, list[dict[str, Any]]]:
    return json.loads((PHRASINGS_DIR / "fixtures.json").read_text(encoding="utf-8"))


def whole_case(case: dict[str, Any]) -> dict[str, Any]:
    """``case`` with its named fixture's tasks filled in (a copy; the fixture is not shared)."""
    if "fixture" not in case:
        return case
    tasks = _fixtures()[case["fixture"]]
    return {**case, "tasks": json.loads(json.dumps(tasks))}


def read_cases(path: Path) -> list[dict[str, Any]]:
    """The cases of one JSONL file, each whole."""
    return [whole_case(json.loads(line))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
