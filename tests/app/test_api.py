"""The backend's extra endpoints without a browser: readiness names what failed."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from todo_reflex.core.settings import get_settings


@pytest.fixture
def settings_env(monkeypatch, tmp_path):
    def apply(**env: str) -> None:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'api.db'}")
    yield apply
    get_settings.cache_clear()


def test_readiness_names_the_failed_dependencies(settings_env):
    from todo_reflex.api import api

    settings_env(MCP_SERVER_URL="http://127.0.0.1:9/mcp", REDIS_URL="redis://127.0.0.1:1/0")
    response = TestClient(api).get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert set(body["failed"]) == {"mcp", "redis"}


def test_liveness_has_no_dependency_checks(settings_env):
    from todo_reflex.api import api

    settings_env(MCP_SERVER_URL="http://127.0.0.1:9/mcp")
    response = TestClient(api).get("/health")
    assert response.json() == {"status": "healthy", "service": "phaseiv-backend"}
