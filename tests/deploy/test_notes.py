"""NOTES.txt, as ``helm install`` prints it: the URL to open, and that the app accepts it."""

from __future__ import annotations

from typing import Any

import pytest
from chartlib import deep_merge, scenario_values

from deploy.topology.chart import Rendered, render_manifests


def notes_and_config(values: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The rendered NOTES.txt and the app ConfigMap's data."""
    manifests = render_manifests(values)
    (notes,) = [text for path, text in manifests.items() if path.endswith("NOTES.txt")]
    config = Rendered.of(values).get("ConfigMap", "todo-app-config")["data"]
    return notes, config


@pytest.mark.parametrize(
    ("scenario", "extra", "url"),
    [
        ("tls", {}, "https://todo-app.local"),
        ("default", {}, "http://todo-app.local"),
        ("default", {"ingress": {"host": "todo.example.com", "tls": {"enabled": True}}},
         "https://todo.example.com"),
        ("default", {"config": {"publicUrl": "https://app.example.com:8443"}},
         "https://app.example.com:8443"),
    ],
)
def test_notes_print_the_ingress_url(scenario: str, extra: dict, url: str) -> None:
    notes, config = notes_and_config(deep_merge(scenario_values(scenario), extra))
    assert f"\n     {url}/\n" in notes
    assert config["PUBLIC_URL"] == url
    assert config["CORS_ORIGINS"] == url  # the backend accepts the page it sends people to
    assert "port-forward" not in notes


def test_notes_without_ingress_print_the_port_forwards_and_the_local_url() -> None:
    values = deep_merge(scenario_values("default"), {"ingress": {"enabled": False}})
    notes, config = notes_and_config(values)
    assert "svc/frontend-service 3000:3000" in notes
    assert "svc/backend-service 8000:8000" in notes
    assert "then open http://localhost:3000/" in notes
    assert config["CORS_ORIGINS"] == "http://localhost:3000"
    frontend = Rendered.of(values).env("frontend")
    assert frontend["BACKEND_URL"] == "http://localhost:8000"  # the second port-forward


def test_notes_with_tls_say_how_to_make_the_secret() -> None:
    notes, _ = notes_and_config(scenario_values("tls"))
    assert "kubectl create secret tls todo-app-tls" in notes
    assert "global-allowed-response-headers" in notes
