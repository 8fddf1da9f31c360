"""The MCP Inspector command the README and the token dialog give works against our server."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.support.mcp import mcp_stack
from tests.support.services import service_missing
from todo_reflex.core.settings import child_environment
from todo_reflex.states.api_tokens import INSPECTOR_VERSION, inspector_command

ROOT = Path(__file__).resolve().parents[2]
NETWORK_FAILURE = re.compile(r"ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|E404")

pytestmark = pytest.mark.slow


def test_the_inspector_command_lists_the_tools(tmp_path: Path) -> None:
    with mcp_stack("sqlite", tmp_path) as stack:
        command = inspector_command(stack.url, stack.ann.token)
        ran = subprocess.run(  # noqa: S603 - the command we hand to users
            shlex.split(command), cwd=tmp_path, env=child_environment(), capture_output=True,
            text=True, timeout=300,
        )
    if ran.returncode != 0 and NETWORK_FAILURE.search(ran.stderr):
        service_missing(f"the npm registry (inspector {INSPECTOR_VERSION})",
                        RuntimeError(ran.stderr[-300:]))
    assert ran.returncode == 0, ran.stderr[-2000:]
    tools = {tool["name"] for tool in json.loads(ran.stdout)["tools"]}
    assert {"add_task", "list_tasks", "complete_task", "delete_task"} <= tools
    for line in ran.stdout.splitlines():
        assert stack.ann.token not in line  # the token is not echoed back
