"""Real people's commands (SLURP): right often, and never a wrong write.

A wrong write (a junk task, a wrong title or date, the wrong task changed) costs more trust than
a question, so each set has a harmful ceiling as well as a right floor. The cases and the scorer
are the project's own copies (tests/assistant/real_speech/, tests/assistant/eval/).
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCORER = Path(__file__).with_name("eval") / "score_real.py"
CASES = Path(__file__).with_name("real_speech")


def _score(name: str) -> tuple[int, int, int]:
    """(right, harmful, total) for one case file."""
    proc = subprocess.run([sys.executable, str(SCORER), str(CASES / name), "-v"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    m = re.search(r"right (\d+)/(\d+) .* harmful (\d+)/", proc.stdout)
    assert m, proc.stdout + proc.stderr
    print(proc.stdout)
    return int(m[1]), int(m[3]), int(m[2])


@pytest.mark.parametrize(("name", "min_right"), [
    ("sample-slurp.jsonl", 0.95),  # the 40 public cases with exact plans
    # all 386 devel utterances, labelled here; 369 right today (the misses ask or list, none
    # writes): the floor only rises
    ("devel-slurp-labelled.jsonl", 0.95),
    # 575 commands written by the project in SLURP's style, a check of generalisation beyond
    # the tuned devel set; 568 right today (the misses ask)
    ("spoken-fresh.jsonl", 0.985),
])
def test_real_speech_is_mostly_right_and_never_harmful(name: str, min_right: float) -> None:
    right, harmful, total = _score(name)
    assert harmful == 0, f"{harmful} harmful writes (see the HARM lines above)"
    assert right / total >= min_right, f"{right}/{total} right"


def test_out_of_scope_commands_write_nothing() -> None:
    right, harmful, total = _score("sample-ood.jsonl")
    assert (right, harmful) == (total, 0)
