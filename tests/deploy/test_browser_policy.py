"""The chart sends the app's one browser policy: its headers equal browser_policy.py, its
CORS_ORIGINS are origins the production backend accepts."""

from __future__ import annotations

import helm_python as helm
import pytest
from chartlib import CHART, NAMESPACE, RELEASE, SCENARIOS, render_objects, scenario_values

from todo_reflex.core.browser_policy import allowed_origins, security_headers

HEADERS_CONFIGMAP = "todo-app-security-headers"


def _headers_configmap(values: dict) -> dict[str, str]:
    objects = render_objects(values)
    [ingress] = [o for o in objects if o["kind"] == "Ingress"]
    reference = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/custom-headers"]
    assert reference == f"{NAMESPACE}/{HEADERS_CONFIGMAP}"
    [configmap] = [
        o for o in objects
        if o["kind"] == "ConfigMap" and o["metadata"]["name"] == HEADERS_CONFIGMAP
    ]
    return configmap["data"]


@pytest.mark.parametrize("tls", [False, True], ids=["http", "tls"])
def test_ingress_headers_are_the_app_policy(tls: bool) -> None:
    values = scenario_values("default")
    values["ingress"] = {"tls": {"enabled": tls}, "securityHeaders": {"enabled": True}}
    assert _headers_configmap(values) == security_headers(https=tls)


def test_tls_values_file_sends_the_app_policy() -> None:
    assert _headers_configmap(scenario_values("tls")) == security_headers(https=True)


def test_notes_name_every_header_for_the_controller_allow_list() -> None:
    values = scenario_values("tls")
    with helm.Chart.load(CHART) as chart:
        notes = chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    [text] = [text for path, text in notes.items() if path.endswith("NOTES.txt")]
    allowed = ",".join(sorted(security_headers(https=True)))
    assert f'"global-allowed-response-headers":"{allowed}"' in text


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_production_cors_origins_are_accepted_origins(rendered, scenario: str) -> None:
    config = rendered(scenario).get("ConfigMap", "todo-app-config")["data"]
    assert config["APP_ENV"] == "prod"
    origins = allowed_origins(config["CORS_ORIGINS"].split(","), production=True)
    assert "*" not in origins


@pytest.mark.parametrize(
    ("ingress", "config", "expected"),
    [
        ({"tls": {"enabled": True}, "host": "todo.example.com"}, {}, "https://todo.example.com"),
        ({"tls": {"enabled": False}}, {}, "http://todo-app.local"),
        ({}, {"publicUrl": "https://app.example.com:8443"}, "https://app.example.com:8443"),
        ({}, {"corsOrigins": "https://a.example,https://b.example"},
         "https://a.example,https://b.example"),
    ],
)
def test_cors_origins_follow_the_public_url(ingress: dict, config: dict, expected: str) -> None:
    values = scenario_values("default")
    values.update(ingress=ingress, config=config)
    [configmap] = [
        o for o in render_objects(values)
        if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "todo-app-config"
    ]
    assert configmap["data"]["CORS_ORIGINS"] == expected
