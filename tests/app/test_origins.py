"""In production only the configured origins may call the backend or open its websocket.

rxconfig.py is imported in a fresh process, as ``reflex run`` does, with the environment of
each case; the handshake goes through Reflex's own ``/_event`` socket.io app.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from todo_reflex.core.browser_policy import OriginsError, allowed_origins

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://todo.example.com"
EVIL = "https://evil.example"

HANDSHAKE = """
import json, sys
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
import rxconfig
from todo_reflex.todo_reflex import app

result = {"cors": list(rxconfig.config.cors_allowed_origins), "handshake": {}}
client = TestClient(app._api)  # Reflex's backend routes with /_event mounted, not compiled
for origin in sys.argv[1:]:
    headers = {"Origin": origin, "Upgrade": "websocket"}
    try:
        with client.websocket_connect("/_event/?EIO=4&transport=websocket", headers=headers) as ws:
            result["handshake"][origin] = ws.receive_text()[:1]  # "0": engine.io "open"
    except WebSocketDisconnect:
        result["handshake"][origin] = "refused"
print("RESULT " + json.dumps(result))
"""
CONFIG_ONLY = 'import rxconfig; print("RESULT", list(rxconfig.config.cors_allowed_origins))'


def run_backend(tmp_path: Path, script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``script`` with the venv's Python in the project root and only ``env`` set."""
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'origins.db'}",
        "AUTH_SECRET": secrets.token_urlsafe(48),
        "REFLEX_TELEMETRY_ENABLED": "false",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, *args],
        cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120,
    )


def result_line(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 0, proc.stderr[-3000:]
    [line] = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    return line.removeprefix("RESULT ")


def test_production_websocket_accepts_only_the_public_origin(tmp_path: Path) -> None:
    proc = run_backend(tmp_path, HANDSHAKE, EVIL, PUBLIC, APP_ENV="prod", CORS_ORIGINS=PUBLIC)
    result = json.loads(result_line(proc))
    assert result["cors"] == [PUBLIC]
    assert result["handshake"] == {EVIL: "refused", PUBLIC: "0"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "CORS_ORIGINS must list the app's public origin(s) when APP_ENV=prod"),
        ({"CORS_ORIGINS": "*"}, "The origin * is refused when APP_ENV=prod"),
        (
            {"CORS_ORIGINS": PUBLIC, "REFLEX_CORS_ALLOWED_ORIGINS": "*"},
            "The origin * is refused when APP_ENV=prod",
        ),
    ],
    ids=["unset", "wildcard", "reflex-override"],
)
def test_production_refuses_to_start_without_strict_origins(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    proc = run_backend(tmp_path, CONFIG_ONLY, APP_ENV="prod", **env)
    assert proc.returncode != 0
    assert "OriginsError" in proc.stderr
    assert message in proc.stderr


def test_development_accepts_any_origin_when_none_is_set(tmp_path: Path) -> None:
    assert result_line(run_backend(tmp_path, CONFIG_ONLY, APP_ENV="dev")) == "['*']"


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        (["https://Todo.Example.com/"], ["https://todo.example.com"]),
        (["http://localhost:3000", "https://a.example"], ["http://localhost:3000", "https://a.example"]),
    ],
)
def test_origins_are_normalised(configured: list[str], expected: list[str]) -> None:
    assert allowed_origins(configured, production=True) == expected


@pytest.mark.parametrize(
    "entry",
    ["todo.example.com", "https://todo.example.com/app", "ftp://todo.example.com",
     "https://user@todo.example.com", "https://"],
)
@pytest.mark.parametrize("production", [False, True], ids=["dev", "prod"])
def test_entries_that_are_not_origins_are_refused(entry: str, production: bool) -> None:
    with pytest.raises(OriginsError, match="is not an origin"):
        allowed_origins([entry], production=production)
