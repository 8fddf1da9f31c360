"""The plan command scores >= 95 % on the public sample and on our own held-out style cases."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL = Path(__file__).with_name("eval")  # the project's scorer and its copies of the public samples
SCORER = EVAL / "score_assistant.py"
SAMPLE = EVAL / "assistant-eval-sample.jsonl"
WAVE2 = EVAL / "assistant-eval-sample-wave2.jsonl"
EXTRA = Path(__file__).with_name("cases_extra.jsonl")


def _score(cases: Path) -> float:
    proc = subprocess.run([sys.executable, str(SCORER), str(cases), "-v"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    m = re.search(r"(\d+)/(\d+) cases match", proc.stdout)
    assert m, proc.stdout + proc.stderr
    print(proc.stdout)
    return int(m[1]) / int(m[2])


@pytest.mark.parametrize("cases", [SAMPLE, EXTRA], ids=["sample", "extra"])
def test_plan_mode_scores_at_least_95_percent(cases: Path) -> None:
    assert _score(cases) >= 0.95


def test_plan_mode_answers_the_date_windows_of_wave_2() -> None:
    """Wave 2: date windows and the bulk "push everything overdue" that asks for a yes."""
    assert _score(WAVE2) == 1.0
