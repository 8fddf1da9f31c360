"""How fast the offline assistant plans: messages per second over the eval sample's phrasings.

Usage: .venv/bin/python bench/planner.py
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import datetime
from pathlib import Path

from todo_reflex.assistant import plan_message

CASES = Path(__file__).resolve().parents[1] / "tests" / "assistant" / "cases_extra.jsonl"


def main() -> None:
    cases = [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]
    started = time.perf_counter()
    first = cases[0]
    plan_message(first["text"], now=datetime.fromisoformat(first["now"]), tz=first["tz"],
                 tasks=first["tasks"], context=first.get("context"))
    print(f"first message (imports, caches): {(time.perf_counter() - started) * 1000:.0f} ms")
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for case in cases:
            plan_message(case["text"], now=datetime.fromisoformat(case["now"]), tz=case["tz"],
                         tasks=case["tasks"], context=case.get("context"))
        rounds.append(time.perf_counter() - started)
    per_message = statistics.median(rounds) / len(cases) * 1000
    print(f"{len(cases)} messages x 5 rounds: median {per_message:.2f} ms per message "
          f"({1000 / per_message:.0f} messages/s)")


if __name__ == "__main__":
    main()
