"""The MCP tests' server: one live server per stack (tests/support/mcp.py)."""

from __future__ import annotations

import pytest

from tests.support.mcp import mcp_stack


@pytest.fixture(scope="session", params=["sqlite", "postgres+redis"])
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One live server per stack, shared by the MCP tests."""
    with mcp_stack(request.param, tmp_path_factory.mktemp(request.param)) as running:
        yield running
