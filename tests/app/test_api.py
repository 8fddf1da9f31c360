"""The backend's extra endpoints and middleware without a browser: readiness names what
failed, every response carries the app's security headers."""

from __future__ import annotations

import secrets

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from todo_reflex.core.browser_policy import security_headers
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


def _policy_headers(response) -> dict[str, str]:
    names = security_headers(https=True)
    return {name: response.headers[name] for name in names if name in response.headers}


@pytest.mark.parametrize("path", ["/health", "/api/health", "/no-such-page"])
def test_every_response_carries_the_app_policy(settings_env, path: str):
    from todo_reflex.api import api, security_and_metrics

    settings_env(APP_ENV="test")
    client = TestClient(security_and_metrics(api))
    assert _policy_headers(client.get(path)) == security_headers(https=False, dev=True)
    behind_tls = client.get(path, headers={"X-Forwarded-Proto": "https"})
    assert _policy_headers(behind_tls) == security_headers(https=True, dev=True)


def test_production_pages_may_not_call_local_ports(settings_env):
    from todo_reflex.api import api, security_and_metrics

    settings_env(APP_ENV="prod", AUTH_SECRET=secrets.token_urlsafe(48))
    response = TestClient(security_and_metrics(api)).get("/health")
    assert _policy_headers(response) == security_headers(https=False)
    assert "localhost" not in response.headers["Content-Security-Policy"]


def test_the_policy_replaces_what_the_app_sent(settings_env):
    from todo_reflex.api import security_and_metrics

    settings_env(APP_ENV="test")

    async def framable(_: Request) -> PlainTextResponse:
        return PlainTextResponse("x", headers={"X-Frame-Options": "SAMEORIGIN"})

    app = Starlette(routes=[Route("/", framable)])
    response = TestClient(security_and_metrics(app)).get("/")
    assert response.headers.get_list("X-Frame-Options") == ["DENY"]
