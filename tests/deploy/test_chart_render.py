"""Install dry runs per scenario: schema validation of every object, then the checks
the Kubernetes schemas miss (names, selectors, probes, HPAs, Ingress routes, seed numbers)."""

from __future__ import annotations

import base64
import re

import kubernetes_validate
import pytest
import yaml
from chartlib import KUBE_VERSIONS, NAMESPACE, RELEASE, SCENARIOS, Rendering, deep_merge

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
# Kinds whose names become DNS labels (Service names, pod hostnames) and so are capped at 63.
LABEL_NAMED = {"Service", "StatefulSet", "Pod"}

# What the app serves (DESIGN.md "Health and telemetry", "Reflex 0.10 facts").
BACKEND_PATHS = ["/_event", "/ping", "/_health", "/_upload", "/health", "/health/ready",
                 "/calendar/abc.ics"]
FRONTEND_PATHS = ["/", "/chat", "/login", "/tasks", "/api/health", "/_next/static/x.js"]
HTTP_ENDPOINTS = {
    "frontend": {"/api/health"},
    "backend": {"/health", "/health/ready", "/metrics"},
    "mcp": {"/health", "/health/ready", "/mcp", "/metrics"},
}
WORKLOADS = ("Deployment", "StatefulSet")

scenarios = pytest.mark.parametrize("scenario", sorted(SCENARIOS))


def pod_specs(r: Rendering):
    """(object, pod spec) of every workload, Job and bare Pod."""
    for obj in r.objects:
        if obj["kind"] in (*WORKLOADS, "Job"):
            yield obj, obj["spec"]["template"]["spec"]
        elif obj["kind"] == "Pod":
            yield obj, obj["spec"]


@scenarios
def test_install_dry_run_succeeds(rendered, scenario: str) -> None:
    release = rendered(scenario).release
    assert release["status"] == "pending-install"
    assert release["namespace"] == NAMESPACE
    assert "helm test" in release["notes"]
    installed = {
        (o["kind"], o["metadata"]["name"]) for o in yaml.safe_load_all(release["manifest"]) if o
    }
    hooks = {
        (o["kind"], o["metadata"]["name"])
        for o in rendered(scenario).objects
        if "helm.sh/hook" in (o["metadata"].get("annotations") or {})
    }
    rendered_ = {(o["kind"], o["metadata"]["name"]) for o in rendered(scenario).objects}
    assert installed == rendered_ - hooks
    assert {("Deployment", n) for n in ("frontend", "backend", "mcp-server")} <= installed


@pytest.mark.parametrize("kube_version", KUBE_VERSIONS)
@scenarios
def test_every_object_passes_strict_schema(rendered, scenario: str, kube_version: str) -> None:
    failures = []
    for obj in rendered(scenario).objects:
        try:
            kubernetes_validate.validate(obj, kube_version, strict=True)
        except kubernetes_validate.SchemaNotFoundError as error:
            failures.append(error.message)
        except kubernetes_validate.ValidationError as error:
            where = "/".join(str(p) for p in error.path)
            failures.append(f"{obj['kind']}/{obj['metadata']['name']} {where}: {error.message}")
    assert not failures, "\n".join(failures)


@scenarios
def test_names_are_dns1123_and_unique(rendered, scenario: str) -> None:
    seen = set()
    for obj in rendered(scenario).objects:
        kind, name = obj["kind"], obj["metadata"]["name"]
        assert DNS1123_SUBDOMAIN.match(name) and len(name) <= 253, f"{kind}/{name}"
        if kind in LABEL_NAMED:
            assert DNS1123_LABEL.match(name) and len(name) <= 63, f"{kind}/{name}"
        assert (kind, name) not in seen, f"duplicate {kind}/{name}"
        seen.add((kind, name))


@scenarios
def test_every_object_has_the_standard_labels(rendered, scenario: str) -> None:
    for obj in rendered(scenario).objects:
        labels = obj["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/name") == "todo-app", obj["metadata"]["name"]
        assert labels.get("app.kubernetes.io/instance") == RELEASE, obj["metadata"]["name"]


@scenarios
def test_each_service_selects_exactly_one_workload_and_its_port(rendered, scenario: str) -> None:
    r = rendered(scenario)
    workloads = r.of_kind("Deployment") + r.of_kind("StatefulSet")
    for svc in r.of_kind("Service"):
        selector = svc["spec"]["selector"]
        matches = [
            w
            for w in workloads
            if selector.items() <= w["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(matches) == 1, f"Service {svc['metadata']['name']} selects {len(matches)}"
        ports = {
            p["name"]
            for c in matches[0]["spec"]["template"]["spec"]["containers"]
            for p in c.get("ports", [])
        }
        for port in svc["spec"]["ports"]:
            assert port["targetPort"] in ports, f"{svc['metadata']['name']}: {port}"
    for sts in r.of_kind("StatefulSet"):
        r.get("Service", sts["spec"]["serviceName"])  # the governing headless Service exists


@scenarios
def test_probes_use_declared_ports_and_served_paths(rendered, scenario: str) -> None:
    r = rendered(scenario)
    for obj, spec in pod_specs(r):
        component = obj["metadata"]["labels"]["app.kubernetes.io/component"]
        for container in spec["containers"]:
            ports = {p["name"] for p in container.get("ports", [])}
            for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
                probe = container.get(kind)
                if probe is None or "httpGet" not in probe:
                    continue
                assert probe["httpGet"]["port"] in ports, (obj["metadata"]["name"], kind)
                assert probe["httpGet"]["path"] in HTTP_ENDPOINTS[component], (component, kind)
            if obj["kind"] in WORKLOADS:
                assert "livenessProbe" in container
                assert "readinessProbe" in container


@scenarios
def test_hpas_target_deployments_with_requests(rendered, scenario: str) -> None:
    r = rendered(scenario)
    for hpa in r.of_kind("HorizontalPodAutoscaler"):
        target = hpa["spec"]["scaleTargetRef"]
        assert target["kind"] == "Deployment"
        deployment = r.get("Deployment", target["name"])
        assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
        metrics = {m["resource"]["name"] for m in hpa["spec"]["metrics"]}
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            assert metrics <= container["resources"]["requests"].keys()


def route(ingress: dict, path: str) -> str:
    """The Service ingress-nginx picks for ``path``: the longest matching Prefix rule."""
    best, service = -1, ""
    for rule in ingress["spec"]["rules"]:
        for p in rule["http"]["paths"]:
            assert p["pathType"] == "Prefix"
            prefix = p["path"].rstrip("/")
            if (path == prefix or path.startswith(prefix + "/") or prefix == "") and len(
                prefix
            ) > best:
                best, service = len(prefix), p["backend"]["service"]["name"]
    return service


@scenarios
def test_ingress_routes_backend_paths_to_backend(rendered, scenario: str) -> None:
    r = rendered(scenario)
    ingresses = r.of_kind("Ingress")
    if not r.values.get("ingress", {}).get("enabled", True):
        assert not ingresses
        return
    (ingress,) = ingresses
    for path in BACKEND_PATHS:
        assert route(ingress, path) == "backend-service", path
    for path in FRONTEND_PATHS:
        assert route(ingress, path) == "frontend-service", path
    assert route(ingress, "/metrics") == "frontend-service"  # not public by default
    services = {s["metadata"]["name"]: s for s in r.of_kind("Service")}
    for rule in ingress["spec"]["rules"]:
        for p in rule["http"]["paths"]:
            backend = p["backend"]["service"]
            names = {port["name"] for port in services[backend["name"]]["spec"]["ports"]}
            assert backend["port"]["name"] in names


@pytest.mark.parametrize("scenario", ["tls", "local-example-tls"])
def test_tls_ingress_follows_the_seed_without_snippets(rendered, scenario: str) -> None:
    r = rendered(scenario)
    ingress = r.get("Ingress", "todo-app-ingress")
    ann = ingress["metadata"]["annotations"]
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert ingress["spec"]["tls"] == [{"hosts": ["todo-app.local"], "secretName": "todo-app-tls"}]
    assert ann["nginx.ingress.kubernetes.io/ssl-redirect"] == "true"
    assert ann["nginx.ingress.kubernetes.io/force-ssl-redirect"] == "true"
    assert ann["nginx.ingress.kubernetes.io/ssl-protocols"] == "TLSv1.2 TLSv1.3"
    assert int(ann["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert int(ann["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 3600
    headers_ref = ann["nginx.ingress.kubernetes.io/custom-headers"]
    assert headers_ref == f"{NAMESPACE}/todo-app-security-headers"
    headers = r.get("ConfigMap", "todo-app-security-headers")["data"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"  # the whole policy: test_browser_policy.py
    config = r.get("ConfigMap", "todo-app-config")["data"]
    assert config["PUBLIC_URL"] == "https://todo-app.local"


@scenarios
def test_no_configuration_snippets(rendered, scenario: str) -> None:
    for obj in rendered(scenario).objects:
        annotations = obj["metadata"].get("annotations") or {}
        assert not any(k.endswith("-snippet") for k in annotations), obj["metadata"]["name"]


@scenarios
def test_pods_are_locked_down(rendered, scenario: str) -> None:
    for obj, spec in pod_specs(rendered(scenario)):
        name = obj["metadata"]["name"]
        assert spec["automountServiceAccountToken"] is False, name
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        for c in spec["containers"]:
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, name
            assert sc["allowPrivilegeEscalation"] is False, name
            assert sc["capabilities"] == {"drop": ["ALL"]}, name
            assert c["resources"]["requests"] and c["resources"]["limits"], name
            assert not c["image"].endswith(":latest") and ":" in c["image"], name
    for sa in rendered(scenario).of_kind("ServiceAccount"):
        assert sa["automountServiceAccountToken"] is False


def test_default_scenario_has_the_seed_numbers(rendered) -> None:
    r = rendered("default")
    for name in ("frontend", "backend"):
        hpa = r.get("HorizontalPodAutoscaler", name)["spec"]
        assert (hpa["minReplicas"], hpa["maxReplicas"]) == (2, 5)
        targets = {m["resource"]["name"]: m["resource"]["target"] for m in hpa["metrics"]}
        assert targets["cpu"]["averageUtilization"] == 70
        assert hpa["behavior"]["scaleDown"]["stabilizationWindowSeconds"] == 300
        res = r.get("Deployment", name)["spec"]["template"]["spec"]["containers"][0]["resources"]
        assert res == {
            "requests": {"cpu": "500m", "memory": "512Mi"},
            "limits": {"cpu": "1000m", "memory": "1024Mi"},
        }
        assert r.get("PodDisruptionBudget", f"{name}-pdb")["spec"]["minAvailable"] == 1
    backend_hpa = r.get("HorizontalPodAutoscaler", "backend")["spec"]["metrics"]
    assert {m["resource"]["name"]: m for m in backend_hpa}["memory"]["resource"]["target"][
        "averageUtilization"
    ] == 80
    assert len(r.get("HorizontalPodAutoscaler", "frontend")["spec"]["metrics"]) == 1

    backend = r.get("Deployment", "backend")["spec"]["template"]["spec"]["containers"][0]
    assert backend["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert backend["livenessProbe"]["initialDelaySeconds"] == 10
    assert backend["readinessProbe"]["initialDelaySeconds"] == 5
    assert backend["startupProbe"]["failureThreshold"] == 30
    env = {e["name"]: e.get("value") for e in backend["env"]}
    assert env["REFLEX_REDIS_URL"].startswith("redis://redis-service:6379/")

    mcp = r.get("Deployment", "mcp-server")
    assert mcp["spec"]["replicas"] == 1
    assert mcp["spec"]["template"]["spec"]["containers"][0]["resources"] == {
        "requests": {"cpu": "250m", "memory": "256Mi"},
        "limits": {"cpu": "500m", "memory": "512Mi"},
    }

    redis = r.get("StatefulSet", "redis")
    claim = redis["spec"]["volumeClaimTemplates"][0]
    assert claim["metadata"]["name"] == "redis-data"  # PVC redis-data-redis-0
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert claim["spec"]["storageClassName"] == "standard"
    assert claim["spec"]["resources"]["requests"]["storage"] == "1Gi"
    conf = r.get("ConfigMap", "redis-config")["data"]["redis.conf"]
    for line in ("save 900 1", "save 300 10", "save 60 10000", "appendonly no"):
        assert line in conf.splitlines()
    assert "maxmemory-policy allkeys-lru" in conf

    config = r.get("ConfigMap", "todo-app-config")["data"]
    assert config["REDIS_HOST"] == "redis-service"
    assert config["REDIS_PORT"] == "6379"
    assert config["MCP_SERVER_URL"] == "http://mcp-service:8001/mcp"
    assert config["APP_ENV"] == "prod"
    secret = r.get("Secret", "todo-app-secrets")
    assert set(secret["data"]) == {"DATABASE_URL", "AUTH_SECRET", "OPENAI_API_KEY"}
    for port_svc in (("frontend-service", 3000), ("backend-service", 8000), ("mcp-service", 8001)):
        assert r.get("Service", port_svc[0])["spec"]["ports"][0]["port"] == port_svc[1]
    assert r.get("Service", "redis-service")["spec"]["ports"][0]["port"] == 6379


@scenarios
def test_pods_roll_when_config_changes(rendered, scenario: str) -> None:
    r = rendered(scenario)
    for name in ("frontend", "backend", "mcp-server"):
        annotations = r.get("Deployment", name)["spec"]["template"]["metadata"]["annotations"]
        assert "checksum/config" in annotations
        assert ("checksum/secret" in annotations) != bool(r.values["secrets"].get("existingSecret"))


@scenarios
def test_migrations_run_as_a_hook_that_can_reach_its_secret(rendered, scenario: str) -> None:
    r = rendered(scenario)
    job = r.get("Job", "todo-app-migrate")
    hook = job["metadata"]["annotations"]["helm.sh/hook"]
    in_chart_db = r.values.get("postgresql", {}).get("enabled", False)
    assert hook == ("post-install,pre-upgrade" if in_chart_db else "pre-install,pre-upgrade")
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["migrate"]
    secret_name = container["envFrom"][0]["secretRef"]["name"]
    existing = r.values["secrets"].get("existingSecret")
    if existing:
        assert secret_name == existing
    else:
        secret = r.get("Secret", secret_name)
        assert secret["metadata"]["annotations"]["helm.sh/hook"] == hook
        assert int(secret["metadata"]["annotations"]["helm.sh/hook-weight"]) < 0


@scenarios
def test_deleted_tasks_are_purged_nightly_with_the_apps_config(rendered, scenario: str) -> None:
    r = rendered(scenario)
    settings = {**{"enabled": True, "days": 30}, **r.values.get("purgeDeleted", {})}
    jobs = [j for j in r.of_kind("CronJob") if j["metadata"]["name"].endswith("-purge-deleted")]
    if not settings["enabled"]:
        assert jobs == []
        return
    (cron,) = jobs
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"  # a slow run is never doubled
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["args"] == ["purge-deleted", "--days", str(settings["days"])]
    (mcp,) = r.get("Deployment", "mcp-server")["spec"]["template"]["spec"]["containers"]
    assert container["envFrom"] == mcp["envFrom"]  # the same database settings, no mail
    assert pod["restartPolicy"] == "Never"


@scenarios
def test_helm_tests_call_each_health_endpoint(rendered, scenario: str) -> None:
    r = rendered(scenario)
    pods = [p for p in r.of_kind("Pod") if p["metadata"]["annotations"]["helm.sh/hook"] == "test"]
    if not r.values.get("tests", {}).get("enabled", True):
        assert not pods
        return
    urls = {" ".join(p["spec"]["containers"][0]["args"]) for p in pods}
    for url in (
        "http://frontend-service:3000/api/health",
        "http://backend-service:8000/health",
        "http://backend-service:8000/health/ready",
        "http://mcp-service:8001/health",
    ):
        assert f"healthcheck {url}" in urls


def test_network_policies_open_only_the_seed_flows(rendered) -> None:
    r = rendered("postgresql")
    policies = {p["metadata"]["name"]: p["spec"] for p in r.of_kind("NetworkPolicy")}
    deny = policies["todo-app-default-deny"]
    assert deny["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny

    def sources(name: str) -> set[str]:
        return {
            peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/component")
            or "ingress-nginx"
            for rule in policies[name]["ingress"]
            for peer in rule["from"]
        }

    assert sources("frontend") == {"ingress-nginx", "test"}
    assert sources("backend") == {"ingress-nginx", "frontend", "test"}
    assert sources("mcp-server") == {"backend", "test"}
    assert sources("redis") == {"backend", "mcp", "test"}
    assert sources("postgresql") == {"backend", "mcp", "migrate", "purge-deleted", "reminders"}
    worker = policies["reminder-worker"]
    assert "ingress" not in worker  # nothing reaches the worker
    worker_ports = {port["port"] for rule in worker["egress"] for port in rule["ports"]}
    assert worker_ports == {53, 5432, 587}  # DNS, the database and the mail server
    purge_ports = {
        port["port"] for rule in policies["purge-deleted"]["egress"] for port in rule["ports"]
    }
    assert purge_ports == {53, 5432}  # DNS and the database, nothing else
    egress_ports = {
        port["port"] for rule in policies["backend"]["egress"] for port in rule["ports"]
    }
    assert {53, 6379, 8001, 5432, 443} <= egress_ports
    # The frontend only serves static files: no egress beyond the default deny.
    assert "Egress" not in policies["frontend"]["policyTypes"]


@scenarios
def test_trusted_proxies_are_settings_the_app_accepts(rendered, scenario: str) -> None:
    """Sign-in limits count per client address, which behind the ingress needs its proxies."""
    from todo_reflex.core.client_ip import client_ip
    from todo_reflex.core.settings import Settings, use_settings

    config = rendered(scenario).get("ConfigMap", "todo-app-config")["data"]
    settings = Settings(trusted_proxies=config["TRUSTED_PROXIES"])
    assert settings.trusted_proxy_list
    # a request relayed by an ingress pod counts for the browser, not for the ingress
    with use_settings(settings):
        assert client_ip("10.244.0.7", "203.0.113.9") == "203.0.113.9"


@scenarios
def test_secrets_reach_only_the_pods_that_read_them(rendered, scenario: str) -> None:
    r = rendered(scenario)
    secret = r.values["secrets"].get("existingSecret") or "todo-app-secrets"

    def secret_refs(name: str) -> list[str]:
        (container,) = r.get("Deployment", name)["spec"]["template"]["spec"]["containers"]
        return [s["secretRef"]["name"] for s in container.get("envFrom", []) if "secretRef" in s]

    smtp = r.values.get("smtp", {}).get("existingSecret") or "todo-app-smtp"
    assert secret_refs("frontend") == []
    assert secret_refs("mcp-server") == [secret]
    assert secret_refs("backend") == secret_refs("reminder-worker") == [secret, smtp]  # mail


@scenarios
def test_frontend_learns_its_backend_at_start(rendered, scenario: str) -> None:
    r = rendered(scenario)
    (container,) = r.get("Deployment", "frontend")["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    given = r.values.get("frontend", {}).get("backendUrl", "")
    if r.values.get("ingress", {}).get("enabled", True):
        assert env["BACKEND_URL"] == given  # "": the page's own origin, through the Ingress
    else:
        assert env["BACKEND_URL"] == (given or "http://localhost:8000")  # NOTES' port-forward


@scenarios
def test_backend_workers_per_pod_are_a_setting_the_app_accepts(rendered, scenario: str) -> None:
    """``backend.workers`` reaches the pod as ``WEB_WORKERS``, which Settings reads."""
    from todo_reflex.core.settings import Settings

    r = rendered(scenario)
    (container,) = r.get("Deployment", "backend")["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    given = r.values.get("backend", {}).get("workers", 1)
    assert Settings(web_workers=env["WEB_WORKERS"]).web_workers == given


@scenarios
def test_database_url_names_the_driver(rendered, scenario: str) -> None:
    r = rendered(scenario)
    if r.values["secrets"].get("existingSecret"):
        return
    url = base64.b64decode(r.get("Secret", "todo-app-secrets")["data"]["DATABASE_URL"]).decode()
    assert url.startswith("postgresql+psycopg://")


def test_redis_conf_enables_the_notifications_reflex_needs(rendered) -> None:
    from reflex.istate.manager.redis import NOTIFY_KEYSPACE_EVENTS

    r = rendered("default")
    conf = r.get("ConfigMap", "redis-config")["data"]["redis.conf"].splitlines()
    assert f"notify-keyspace-events {NOTIFY_KEYSPACE_EVENTS}" in [line.strip() for line in conf]
    (container,) = r.get("Deployment", "backend")["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["REFLEX_IGNORE_REDIS_CONFIG_ERROR"] == "true"  # no CONFIG rights needed


# Requests of what Minikube runs beside the app (minikube 1.3x, k8s 1.31, as `kubectl describe
# node` lists them): control plane 650m/170Mi, CoreDNS 100m/70Mi, Calico 250m/0,
# ingress-nginx 100m/90Mi, metrics-server 100m/200Mi.
MINIKUBE_ADDONS = {"cpu": 1200, "memory": 530}
MINIKUBE_NODE = {"cpu": 4000, "memory": 8192}  # minikube start --cpus=4 --memory=8g
HEADROOM = 0.25


def _quantity(value: str | int, unit: str) -> float:
    """millicores for cpu, MiB for memory."""
    text = str(value)
    if unit == "cpu":
        return float(text[:-1]) if text.endswith("m") else float(text) * 1000
    factors = {"Mi": 1, "Gi": 1024, "Ki": 1 / 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20}
    for suffix, factor in factors.items():
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text) / 2**20


def _pod_requests(spec: dict, unit: str) -> float:
    return sum(_quantity(c["resources"]["requests"][unit], unit) for c in spec["containers"])


@pytest.mark.parametrize("unit", ["cpu", "memory"])
def test_minikube_sizing_leaves_a_quarter_of_the_node_free(rendered, unit: str) -> None:
    """The install at its lowest replica counts, a surge pod of the largest Deployment and
    the migration job, beside the add-ons, use at most 75 % of a 4-CPU, 8 GiB node."""
    r = rendered("local-example-minikube")
    used, largest = 0.0, 0.0
    for obj in r.objects:
        annotations = obj["metadata"].get("annotations") or {}
        if obj["kind"] == "Pod" and "helm.sh/hook" in annotations:
            continue  # `helm test` pods run after the install, one at a time
        if obj["kind"] not in ("Deployment", "StatefulSet", "Job"):
            continue
        per_pod = _pod_requests(obj["spec"]["template"]["spec"], unit)
        replicas = 1 if obj["kind"] == "Job" else obj["spec"].get("replicas")
        if replicas is None:  # an HPA owns the count: it never goes below minReplicas
            hpa = r.get("HorizontalPodAutoscaler", obj["metadata"]["name"])
            replicas = hpa["spec"]["minReplicas"]
        used += per_pod * replicas
        if obj["kind"] == "Deployment":
            largest = max(largest, per_pod)
    total = used + largest + MINIKUBE_ADDONS[unit]
    assert total <= (1 - HEADROOM) * MINIKUBE_NODE[unit], (unit, total)


def test_the_seed_sizing_stays_the_default(rendered) -> None:
    r = rendered("default")
    for name, cpu, memory in (("frontend", "500m", "512Mi"), ("backend", "500m", "512Mi"),
                              ("mcp-server", "250m", "256Mi")):
        (container,) = r.get("Deployment", name)["spec"]["template"]["spec"]["containers"]
        assert container["resources"]["requests"] == {"cpu": cpu, "memory": memory}


@scenarios
def test_mcp_is_public_only_when_asked(rendered, scenario: str) -> None:
    r = rendered(scenario)
    ingress_values = r.values.get("ingress", {})
    public = ingress_values.get("enabled", True) and ingress_values.get("mcp", {}).get("enabled")
    config = r.get("ConfigMap", "todo-app-config")["data"]
    host = ingress_values.get("host", "todo-app.local")
    if not public:
        assert "MCP_PUBLIC_URL" not in config
        for ingress in r.of_kind("Ingress"):
            assert route(ingress, "/mcp") == "frontend-service"
        return
    (ingress,) = r.of_kind("Ingress")
    assert route(ingress, "/mcp") == "mcp-service"
    scheme = "https" if ingress_values.get("tls", {}).get("enabled") else "http"
    assert config["MCP_PUBLIC_URL"] == f"{scheme}://{host}/mcp"
    assert host in config["MCP_ALLOWED_HOSTS"].split(",")
    if r.values.get("networkPolicy", {}).get("enabled"):
        policy = r.get("NetworkPolicy", "mcp-server")
        assert any("namespaceSelector" in peer
                   for rule in policy["spec"]["ingress"] for peer in rule["from"])


@scenarios
def test_the_reminder_worker_runs_with_the_mail_settings_from_a_secret(rendered,
                                                                      scenario: str) -> None:
    r = rendered(scenario)
    deployment = r.get("Deployment", "reminder-worker")
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["args"] == ["reminders"]
    assert container["image"] == "todo-mcp:0.1.0"  # the core without Reflex is enough
    assert "ports" not in container
    (backend,) = r.get("Deployment", "backend")["spec"]["template"]["spec"]["containers"]
    smtp = r.values.get("smtp", {}).get("existingSecret") or "todo-app-smtp"
    assert container["envFrom"] == backend["envFrom"]  # the backend mails reset links
    assert backend["envFrom"][-1] == {"secretRef": {"name": smtp}}
    for kind in ("livenessProbe", "readinessProbe"):
        assert container[kind]["exec"]["command"] == [
            "/app/deploy/docker/entrypoint.sh", "reminders-alive", "75"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env == {"REMINDER_POLL_SECONDS": "5", "REMINDER_BATCH_SIZE": "200",
                   "REMINDER_GRACE_SECONDS": "300"}
    if smtp == "todo-app-smtp":
        secret = r.get("Secret", "todo-app-smtp")
        data = {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}
        assert data == {"SMTP_HOST": "", "SMTP_PORT": "587", "SMTP_USER": "",
                        "SMTP_PASSWORD": "",
                        "SMTP_FROM": "AI Task Assistant <reminders@todo-app.local>"}
        for pods in (deployment, r.get("Deployment", "backend")):  # a new password rolls them
            assert "checksum/smtp" in pods["spec"]["template"]["metadata"]["annotations"]
    else:
        assert not [s for s in r.of_kind("Secret") if s["metadata"]["name"] == "todo-app-smtp"]


def test_the_worker_reads_the_settings_the_chart_gives_it(rendered) -> None:
    from todo_reflex.core.settings import Settings

    r = rendered("default")
    (container,) = r.get("Deployment", "reminder-worker")["spec"]["template"]["spec"][
        "containers"]
    secret = r.get("Secret", "todo-app-smtp")
    env = {**{k: base64.b64decode(v).decode() for k, v in secret["data"].items()},
           **{e["name"]: e["value"] for e in container["env"]}}
    settings = Settings(_env_file=None, **{name.lower(): value for name, value in env.items()})
    assert (settings.smtp_host, settings.smtp_port, settings.reminder_poll_seconds) == ("", 587, 5)
    assert settings.smtp_from == "AI Task Assistant <reminders@todo-app.local>"


def test_the_worker_can_be_turned_off_and_the_backend_still_mails() -> None:
    from chartlib import render_objects, scenario_values

    objects = render_objects(deep_merge(scenario_values("networkpolicy"),
                                        {"reminders": {"enabled": False}}))
    names = {(o["kind"], o["metadata"]["name"]) for o in objects}
    assert not {("Deployment", "reminder-worker"), ("NetworkPolicy", "reminder-worker")} & names
    assert ("Secret", "todo-app-smtp") in names  # password reset links
    (policy,) = [o for o in objects if (o["kind"], o["metadata"]["name"])
                 == ("NetworkPolicy", "backend")]
    ports = [port for rule in policy["spec"]["egress"] for port in rule.get("ports", [])]
    assert {"port": 587, "protocol": "TCP"} in ports
