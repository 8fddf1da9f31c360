"""Chart test helpers: the scenarios, values merging, rendering and the dry run.

Everything here is offline: helm-python-sdk renders and dry-runs the chart in process
(memory storage driver, no cluster).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import helm_python as helm
import yaml

# one renderer for the tests and the local topology (deploy/topology)
from deploy.topology.chart import CHART, NAMESPACE, RELEASE, deep_merge, render_objects

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["CHART", "NAMESPACE", "RELEASE", "deep_merge", "render_objects"]
KUBE_VERSIONS = ["1.28.0", "1.29.0", "1.30.0", "1.31.0"]

# Scenario name -> values files, applied in order like `helm install -f a -f b`.
SCENARIOS: dict[str, list[str]] = {
    "default": ["ci/default-values.yaml"],
    "tls": ["ci/default-values.yaml", "values-tls.yaml"],
    "local-example": ["values-local.example.yaml"],
    "local-example-tls": ["values-local.example.yaml", "values-tls.yaml"],
    "local-example-minikube": ["values-minikube.yaml", "values-local.example.yaml"],
    "networkpolicy": ["ci/networkpolicy-values.yaml"],
    "postgresql": ["ci/postgresql-values.yaml"],
    "existing-secret": ["ci/existing-secret-values.yaml"],
}


# What a user puts in their copy of values-local.example.yaml (its placeholders are refused).
FILLED_IN = {"secrets": {"authSecret": "ci-only-auth-secret-0123456789abcdefghijklmnop"}}


def scenario_values(name: str) -> dict[str, Any]:
    """The user-supplied values of one scenario."""
    values: dict[str, Any] = {}
    for file in SCENARIOS[name]:
        values = deep_merge(values, yaml.safe_load((CHART / file).read_text()) or {})
    return deep_merge(values, FILLED_IN) if name.startswith("local-example") else values


@dataclass
class Rendering:
    """One scenario, rendered: every object (hooks and test pods included) plus the dry run."""

    name: str
    values: dict[str, Any]
    objects: list[dict[str, Any]]
    release: dict[str, Any]

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        """Objects of one kind."""
        return [o for o in self.objects if o["kind"] == kind]

    def get(self, kind: str, name: str) -> dict[str, Any]:
        """The object with this kind and name."""
        found = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
        return found[0]


def render(name: str) -> Rendering:
    """Render a scenario with Chart.render and run the install dry run (memory storage)."""
    values = scenario_values(name)
    objects = render_objects(values)
    with helm.Config(storage_driver="memory", namespace=NAMESPACE) as cfg:
        release = cfg.install(CHART, RELEASE, values, namespace=NAMESPACE, dry_run="client")
    return Rendering(name, values, objects, release)
