"""Fixtures of the chart tests: each scenario rendered once per session."""

from __future__ import annotations

import pytest
from chartlib import SCENARIOS, Rendering, render

_CACHE: dict[str, Rendering] = {}


@pytest.fixture(scope="session")
def rendered():
    """Render each scenario once for the whole session; call as ``rendered(name)``."""

    def get(name: str) -> Rendering:
        if name not in _CACHE:
            _CACHE[name] = render(name)
        return _CACHE[name]

    return get


@pytest.fixture(scope="session")
def all_renderings(rendered) -> list[Rendering]:
    """Every scenario, rendered."""
    return [rendered(name) for name in SCENARIOS]
