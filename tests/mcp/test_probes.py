"""Probes: liveness and readiness answer whatever the Host; ``/mcp`` still checks it."""

from __future__ import annotations

import logging

import httpx
import pytest
from prometheus_client import REGISTRY

from mcp_server.readiness import WARM_CONNECTIONS, warm_up
from mcp_server.server import create_app
from tests.mcp.test_errors import token_check_down  # noqa: F401 - a fixture
from tests.mcp.test_security import raw_post
from tests.support.mcp import serving
from todo_reflex.core.db import engine_for
from todo_reflex.core.settings import use_settings

POD_IP_HOST = "10.1.2.3:8001"


@pytest.mark.parametrize("path", ["/health", "/health/ready", "/metrics"])
def test_probe_paths_answer_a_pod_ip_host(stack, path):
    response = httpx.get(f"{stack.base}{path}", headers={"Host": POD_IP_HOST}, timeout=10)
    assert response.status_code == 200, response.text


def test_mcp_still_refuses_a_pod_ip_host_and_foreign_origins(stack):
    assert raw_post(stack, stack.ann.token, Host=POD_IP_HOST).status_code == 421
    assert raw_post(stack, stack.ann.token, Host="evil.example").status_code == 421
    assert raw_post(stack, stack.ann.token, Origin="https://evil.example").status_code == 403
    near_miss = httpx.get(f"{stack.base}/healthz", headers={"Host": POD_IP_HOST}, timeout=10)
    assert near_miss.status_code == 421


def test_ready_says_ready_when_the_database_answers(stack):
    response = httpx.get(f"{stack.base}/health/ready", timeout=10)
    assert response.json() == {"status": "ready", "service": "mcp-server"}


def test_ready_is_503_with_a_reason_when_the_database_is_down(token_check_down):  # noqa: F811
    base, _ = token_check_down
    response = httpx.get(f"{base}/health/ready", timeout=10)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["reason"].startswith("database unreachable")
    assert httpx.get(f"{base}/health", timeout=10).status_code == 200  # alive all the same


def test_warm_up_opens_the_pool_and_survives_a_database_that_is_down(stack, tmp_path):
    assert warm_up(stack.settings) is True
    assert engine_for(stack.settings.database_url).pool.checkedin() >= min(WARM_CONNECTIONS, 1)
    down = stack.settings.model_copy(
        update={"database_url": "postgresql+psycopg://postgres@127.0.0.1:1/todo",
                "redis_url": ""}
    )
    assert warm_up(down) is False


def test_the_protocol_warm_up_takes_the_http_path_and_records_no_tool_call(stack, caplog):
    """Start-up posts tools/list and a list_tasks call in memory; neither is counted or logged."""
    refused_calls = {"tool_name": "list_tasks", "outcome": "UNAUTHORIZED"}
    before = REGISTRY.get_sample_value("mcp_tool_calls_total", refused_calls) or 0.0
    with caplog.at_level(logging.INFO), use_settings(stack.settings), \
            serving(create_app(stack.settings)) as base:
        assert httpx.get(f"{base}/health/ready", timeout=10).status_code == 200
    assert (REGISTRY.get_sample_value("mcp_tool_calls_total", refused_calls) or 0.0) == before
    messages = [record.getMessage() for record in caplog.records]
    assert not [m for m in messages if "warm-up of the MCP protocol skipped" in m], messages
    assert "tool call" not in messages
