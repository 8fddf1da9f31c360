"""The chart, rendered for the topology: each role's environment, the Ingress and redis.conf.

helm-python-sdk renders ``deploy/helm/todo-app`` in process (no cluster). The topology runs
what the chart describes, with one local stand-in per cluster address: a Service's name and port
become ``127.0.0.1`` and the process's free port.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CHART = Path(__file__).resolve().parents[1] / "helm" / "todo-app"
RELEASE = "todo-app"
NAMESPACE = "todo-phaseiv"
# values-local.example.yaml (the guide's Minikube install) with TLS on, as the topology runs it
VALUES_FILES = ("values-local.example.yaml", "values-tls.yaml")


def deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into a copy of ``base``: maps recursively, anything else replaced."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def file_values(*files: str) -> dict[str, Any]:
    """The chart's values files, merged in order like ``helm install -f a -f b``."""
    values: dict[str, Any] = {}
    for name in files:
        values = deep_merge(values, yaml.safe_load((CHART / name).read_text()) or {})
    return values


def render_manifests(values: Mapping[str, Any]) -> dict[str, str]:
    """Check ``values`` against the schema; every template's output by path (NOTES.txt too)."""
    import helm_python as helm  # the dev extra; imported only where the chart is rendered

    with helm.Chart.load(CHART) as chart:
        chart.validate_schema(dict(values))
        return chart.render(dict(values), name=RELEASE, namespace=NAMESPACE, is_install=True)


def render_objects(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every object the chart renders with ``values`` (hooks and test pods included)."""
    objects = []
    for path, text in render_manifests(values).items():
        if not path.endswith("NOTES.txt"):
            objects.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return objects


@dataclass(frozen=True)
class Route:
    """One Ingress path and the Service behind it."""

    path: str
    service: str


@dataclass
class Rendered:
    """One rendering of the chart, read the way the topology needs it."""

    values: dict[str, Any]
    objects: list[dict[str, Any]]

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Rendered:
        """Render the chart with ``values``."""
        return cls(dict(values), render_objects(values))

    def get(self, kind: str, name: str) -> dict[str, Any]:
        """The one object with this kind and name."""
        found = [o for o in self.objects
                 if o["kind"] == kind and o["metadata"]["name"] == name]
        if len(found) != 1:
            raise LookupError(f"expected one {kind}/{name}, found {len(found)}")
        return found[0]

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        """Every object of one kind."""
        return [o for o in self.objects if o["kind"] == kind]

    def container(self, deployment: str) -> dict[str, Any]:
        """The (only) container of a Deployment."""
        (container,) = self.get("Deployment", deployment)["spec"]["template"]["spec"][
            "containers"]
        return container

    def _data(self, kind: str, name: str) -> dict[str, str]:
        obj = self.get(kind, name)
        if kind == "Secret":
            data = {k: base64.b64decode(v).decode() for k, v in (obj.get("data") or {}).items()}
            return {**data, **(obj.get("stringData") or {})}
        return dict(obj.get("data") or {})

    def env(self, deployment: str) -> dict[str, str]:
        """The environment the kubelet gives the Deployment's container (envFrom, then env)."""
        container = self.container(deployment)
        env: dict[str, str] = {}
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                env.update(self._data("ConfigMap", source["configMapRef"]["name"]))
            if "secretRef" in source:
                env.update(self._data("Secret", source["secretRef"]["name"]))
        for item in container.get("env", []):
            if "value" in item:
                env[item["name"]] = str(item["value"])
            elif ref := item.get("valueFrom", {}).get("secretKeyRef"):
                env[item["name"]] = self._data("Secret", ref["name"])[ref["key"]]
            elif ref := item.get("valueFrom", {}).get("configMapKeyRef"):
                env[item["name"]] = self._data("ConfigMap", ref["name"])[ref["key"]]
        return env

    def probe_path(self, deployment: str, kind: str = "readinessProbe") -> str:
        """The HTTP path of one of the Deployment's probes."""
        return self.container(deployment)[kind]["httpGet"]["path"]

    def service_ports(self) -> dict[str, int]:
        """Service name -> its (first) port."""
        return {s["metadata"]["name"]: s["spec"]["ports"][0]["port"]
                for s in self.of_kind("Service")}

    @property
    def ingress(self) -> dict[str, Any]:
        """The app's Ingress."""
        (ingress,) = self.of_kind("Ingress")
        return ingress

    def routes(self) -> list[Route]:
        """The Ingress paths in order (longest prefixes first, as ingress-nginx matches)."""
        (rule,) = self.ingress["spec"]["rules"]
        routes = [Route(p["path"], p["backend"]["service"]["name"])
                  for p in rule["http"]["paths"]]
        return sorted(routes, key=lambda r: -len(r.path))

    @property
    def host(self) -> str:
        """The Ingress host."""
        return self.ingress["spec"]["rules"][0]["host"]

    @property
    def tls(self) -> bool:
        """Whether the Ingress terminates TLS."""
        return bool(self.ingress["spec"].get("tls"))

    def annotation(self, name: str, default: str = "") -> str:
        """An ``nginx.ingress.kubernetes.io/`` annotation of the Ingress."""
        annotations = self.ingress["metadata"].get("annotations") or {}
        return str(annotations.get(f"nginx.ingress.kubernetes.io/{name}", default))

    def response_headers(self) -> dict[str, str]:
        """The headers of the ``custom-headers`` ConfigMap the Ingress names (none if off)."""
        reference = self.annotation("custom-headers")
        if not reference:
            return {}
        return self._data("ConfigMap", reference.split("/", 1)[1])

    def redis_conf(self) -> str:
        """The in-chart Redis's ``redis.conf``."""
        return self._data("ConfigMap", "redis-config")["redis.conf"]


def localize(env: Mapping[str, str], addresses: Mapping[str, tuple[int, int]]) -> dict[str, str]:
    """Point every in-cluster Service address of ``env`` at its local stand-in.

    Args:
        env: A rendered environment.
        addresses: Service name -> (its port in the cluster, the local process's port).

    Returns:
        The environment with ``name:port`` replaced by ``127.0.0.1:local`` and a bare ``name``
        (``REDIS_HOST``) by ``127.0.0.1``; a variable naming only the port keeps it as is.
    """
    local = {}
    for key, value in env.items():
        for name, (port, here) in addresses.items():
            value = value.replace(f"{name}:{port}", f"127.0.0.1:{here}")
            if value == name:
                value = "127.0.0.1"
        local[key] = value
    return local
