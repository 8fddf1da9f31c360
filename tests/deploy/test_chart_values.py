"""values.schema.json rejects bad values with clear messages; every values key is documented."""

from __future__ import annotations

import re

import helm_python as helm
import pytest
import yaml
from chartlib import CHART, SCENARIOS, deep_merge, scenario_values

BASE = scenario_values("default")

BAD_VALUES = [
    ({"frontnd": {"replicaCount": 2}}, "frontnd"),
    ({"frontend": {"replicaCout": 2}}, "replicaCout"),
    ({"backend": {"replicaCount": -1}}, "replicaCount"),
    ({"backend": {"autoscaling": {"minReplicas": 0}}}, "minReplicas"),
    ({"mcp": {"replicaCount": "two"}}, "replicaCount"),
    ({"image": {"tag": "latest"}}, "tag"),
    ({"config": {"appEnv": "production"}}, "appEnv"),
    ({"config": {"assistantEngine": "gpt"}}, "assistantEngine"),
    ({"secrets": {"authSecret": "short"}}, "authSecret"),
    ({"secrets": {"authSecret": "replace-me-with-48-random-characters-0123456789abcdef"}},
     "authSecret"),
    ({"secrets": {"databaseUrl": "mysql://x"}}, "databaseUrl"),
    ({"securityContext": {"readOnlyRootFilesystem": False}}, "readOnlyRootFilesystem"),
    ({"podSecurityContext": {"runAsNonRoot": False}}, "runAsNonRoot"),
    ({"frontend": {"resources": {"requests": {"cpu": "lots"}}}}, "cpu"),
    ({"redis": {"persistence": {"size": "1 GB"}}}, "size"),
    ({"ingress": {"host": "Todo_App.local"}}, "host"),
    ({"config": {"corsOrigins": "*"}}, "corsOrigins"),
    ({"config": {"corsOrigins": "https://todo.example.com/app"}}, "corsOrigins"),
    ({"ingress": {"securityHeaders": {"hsts": "forever"}}}, "hsts"),
    ({"ingress": {"backendPaths": ["_event"]}}, "backendPaths"),
    (
        {"ingress": {"annotations": {"nginx.ingress.kubernetes.io/configuration-snippet": "x"}}},
        "annotations",
    ),
    ({"networkPolicy": {"modelApi": {"cidrs": ["everywhere"]}}}, "cidrs"),
    ({"smtp": {"host": "smtp://mail.example.com"}}, "host"),
    ({"smtp": {"port": 0}}, "port"),
    ({"smtp": {"pasword": "x"}}, "pasword"),
    ({"reminders": {"pollSeconds": 0}}, "pollSeconds"),
    ({"reminders": {"batchSize": 0}}, "batchSize"),
]


@pytest.mark.parametrize(("override", "key"), BAD_VALUES, ids=[k for _, k in BAD_VALUES])
def test_schema_rejects_bad_values_naming_the_key(override: dict, key: str) -> None:
    with helm.Chart.load(CHART) as chart, pytest.raises(helm.HelmValuesError) as excinfo:
        chart.validate_schema(deep_merge(chart.values, deep_merge(BASE, override)))
    assert key in str(excinfo.value)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_schema_accepts_every_scenario(scenario: str) -> None:
    with helm.Chart.load(CHART) as chart:
        chart.validate_schema(chart.merge_values(scenario_values(scenario)))


def test_install_refuses_a_typo_before_rendering() -> None:
    values = deep_merge(BASE, {"backend": {"replicaCout": 3}})
    cfg = helm.Config(storage_driver="memory", namespace="ns")
    with cfg, pytest.raises(helm.HelmError, match="replicaCout"):
        cfg.install(CHART, "todo-app", values, dry_run="client")


def test_the_example_files_placeholder_secret_is_refused() -> None:
    example = yaml.safe_load((CHART / "values-local.example.yaml").read_text())
    with helm.Chart.load(CHART) as chart, pytest.raises(helm.HelmValuesError, match="authSecret"):
        chart.validate_schema(chart.merge_values(example))


def test_missing_secrets_fail_with_a_hint() -> None:
    values = {"secrets": {"databaseUrl": "postgresql://u:p@h/db"}}
    chart = helm.Chart.load(CHART)
    with chart, pytest.raises(helm.HelmError, match="secrets.authSecret is required"):
        chart.render(values, name="todo-app")


KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z0-9_.\-\"']+):(?:\s|$)")


def undocumented_keys(text: str) -> list[str]:
    """Keys of a values file whose comment block above does not start with ``# --``.

    Keys inside flow mappings (``{cpu: 500m}``) belong to their documented line.
    """
    missing, stack = [], []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = KEY_LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        indent, key = len(match["indent"]), match["key"]
        stack = [(i, k) for i, k in stack if i < indent] + [(indent, key)]
        above = number - 1
        block = []
        while above >= 0 and lines[above].strip().startswith("#"):
            block.insert(0, lines[above].strip())
            above -= 1
        if not block or not block[0].startswith("# --"):
            missing.append(".".join(k for _, k in stack))
    return missing


def test_every_values_key_is_documented() -> None:
    text = (CHART / "values.yaml").read_text()
    assert undocumented_keys(text) == []
    assert len(re.findall(r"^\s*# -- ", text, flags=re.M)) > 100


def test_doc_check_finds_an_undocumented_key() -> None:
    text = "# -- documented\na: 1\nb:\n  # -- documented\n  c: 2\n  d: 3\n"
    assert undocumented_keys(text) == ["b", "b.d"]


def test_every_values_key_is_in_the_schema() -> None:
    schema = yaml.safe_load((CHART / "values.schema.json").read_text())
    values = yaml.safe_load((CHART / "values.yaml").read_text())

    def walk(node: dict, sch: dict, path: str) -> None:
        assert sch.get("additionalProperties") is False, path
        for key, value in node.items():
            assert key in sch["properties"], f"{path}.{key} missing from the schema"
            sub = sch["properties"][key]
            if isinstance(value, dict) and sub.get("properties"):
                walk(value, sub, f"{path}.{key}")

    walk(values, schema, "values")
