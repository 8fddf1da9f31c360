"""Every phrasing is its own test: ours (tests/assistant/phrasings/*.jsonl), the public sample,
wave 2 and our extra cases, each judged by the scorer's own matching rules, so a regression
names the phrasing."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.assistant.phrasing_cases import PHRASINGS, read_cases
from tests.assistant.test_scorer import EXTRA, SAMPLE, SCORER, WAVE2
from todo_reflex.assistant.cli import _plan_case


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_assistant", SCORER)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = _scorer()


def _cases(*files: Path) -> list[Any]:
    out = []
    for path in files:
        for case in read_cases(path):
            out.append(pytest.param(case, id=f"{path.stem}:{case['id']}:{case['text']}"))
    return out


def _check(case: dict[str, Any]) -> None:
    plan = _plan_case(case)
    assert SCORE.case_match(case, plan), (
        f"expected {json.dumps(case['expect'])} needs={case.get('needs')}\n"
        f"got      {json.dumps(plan['calls'])} needs={plan['needs']} reply={plan['reply']!r}")


def test_we_wrote_at_least_300_phrasings() -> None:
    assert len(_cases(*PHRASINGS)) >= 300


@pytest.mark.parametrize("case", _cases(*PHRASINGS))
def test_our_phrasing(case: dict[str, Any]) -> None:
    _check(case)


@pytest.mark.parametrize("case", _cases(SAMPLE, WAVE2, EXTRA))
def test_sample_and_extra_case(case: dict[str, Any]) -> None:
    _check(case)
