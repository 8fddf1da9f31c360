"""How fast the offline assistant plans: messages per second over the eval sample's phrasings,
the slowest of every phrasing the tests hold (best of three tries each, so a busy machine's
pauses do not count), and a title reference matched against 300 candidates (what three title
searches can return).

Usage: .venv/bin/python bench/planner.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.assistant.phrasing_cases import PHRASINGS, read_cases  # noqa: E402
from todo_reflex.assistant import TaskIndex, plan_message  # noqa: E402

CASES = ROOT / "tests" / "assistant" / "cases_extra.jsonl"
SAMPLES = ROOT / "tests" / "assistant" / "eval"  # the public samples, as the tests keep them
REAL_SPEECH = sorted((ROOT / "tests" / "assistant" / "real_speech").glob("*.jsonl"))
EVAL_FILES = [*PHRASINGS, SAMPLES / "assistant-eval-sample.jsonl",
              SAMPLES / "assistant-eval-sample-wave2.jsonl", CASES, *REAL_SPEECH]
ROUNDS = 5
NOW = datetime(2026, 11, 26, 10)
_WORDS = ("buy", "call", "review", "fix", "send", "book", "the", "report", "invoice", "garage",
          "flights", "slides", "budget", "car", "dentist", "plants", "roof", "contract")


def _candidates(count: int) -> list[dict[str, Any]]:
    pick = random.Random(count)
    return [{"id": i, "title": " ".join(pick.choices(_WORDS, k=4)), "completed": False,
             "tags": []} for i in range(1, count + 1)]


def _median_ms(work: Any, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _read(paths: list[Path]) -> list[dict[str, Any]]:
    return [case for path in paths if path.is_file() for case in read_cases(path)]


def _best_ms(case: dict[str, Any], tries: int = 3) -> float:
    now, index = datetime.fromisoformat(case["now"]), TaskIndex(case["tasks"])
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        plan_message(case["text"], now=now, tz=case["tz"], tasks=index,
                     context=case.get("context"))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def slowest(limit: int = 3) -> list[tuple[float, str]]:
    """The ``limit`` slowest phrasings of the test suite and samples: (best ms, text)."""
    return sorted(((_best_ms(case), case["text"]) for case in _read(EVAL_FILES)),
                  reverse=True)[:limit]


def measure() -> dict[str, Any]:
    """Planning figures: first message, median per eval message, the slowest phrasing, and one
    title match at 300 tasks."""
    cases = _read([CASES])

    def plan(case: dict[str, Any]) -> None:
        plan_message(case["text"], now=datetime.fromisoformat(case["now"]), tz=case["tz"],
                     tasks=case["tasks"], context=case.get("context"))

    started = time.perf_counter()
    plan(cases[0])
    first = (time.perf_counter() - started) * 1000
    per_message = _median_ms(lambda: [plan(c) for c in cases]) / len(cases)
    pool = _candidates(300)
    title = _median_ms(lambda: plan_message("mark the quarterly report as done", now=NOW,
                                            tz="UTC", tasks=pool), rounds=15)
    worst = slowest(1)[0]
    return {"first_message_ms": round(first, 1), "per_message_ms": round(per_message, 2),
            "messages": len(cases), "title_match_300_ms": round(title, 2),
            "slowest_phrasing_ms": round(worst[0], 2), "slowest_phrasing": worst[1]}


def main() -> None:
    """Print the figures."""
    figures = measure()
    print(f"first message (imports, caches): {figures['first_message_ms']:.0f} ms")
    print(f"{figures['messages']} messages x {ROUNDS} rounds: median "
          f"{figures['per_message_ms']:.2f} ms per message "
          f"({1000 / figures['per_message_ms']:.0f} messages/s)")
    print(f"title reference against 300 candidate tasks: {figures['title_match_300_ms']:.2f} ms")
    for ms, text in slowest():
        print(f"slow phrasing (best of 3): {ms:.2f} ms  {text!r}")


if __name__ == "__main__":
    main()
