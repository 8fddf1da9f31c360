"""Every page: no serious accessibility violations (axe-core), screenshots in light, dark and
at phone width, and the backend's health, readiness, metrics and security headers."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.support.browser import screenshot, sign_up

AXE_SCRIPT = Path(__file__).resolve().parents[2] / ".venv" / "axe" / "node_modules" / "axe-core" \
    / "axe.min.js"
PAGES = ["chat", "tasks", "account"]


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core, installed by `make test` (the Makefile's axe target) next to the venv."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make axe` (part of `make test`)")
    return AXE_SCRIPT.read_text()


def serious_violations(page, axe_script: str) -> list[str]:
    page.add_script_tag(content=axe_script)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def test_pages_have_no_serious_accessibility_violations(page, web_app, axe_script):
    page.goto(f"{web_app.url}/login")
    page.get_by_role("button", name="Sign in").wait_for()
    problems = {"login": serious_violations(page, axe_script)}
    page.goto(f"{web_app.url}/forgot")
    page.get_by_role("button", name="Email me a link").wait_for()
    problems["forgot"] = serious_violations(page, axe_script)
    page.goto(f"{web_app.url}/reset?token=unknown")  # the reset form's state for a dead link
    page.get_by_role("link", name="Ask for a new link").wait_for()
    problems["reset"] = serious_violations(page, axe_script)
    sign_up(page, web_app, name="Ada Example")
    for name in PAGES:
        page.goto(f"{web_app.url}/{name}")
        page.get_by_role("main").wait_for()
        page.wait_for_timeout(500)
        problems[name] = serious_violations(page, axe_script)
    assert problems == {name: [] for name in problems}, json.dumps(problems, indent=1)


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 375),
                                               ("dark", 375)])
def test_screenshots_of_every_page(browser, web_app, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 860}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{web_app.url}/login")
    page.get_by_role("button", name="Sign in").wait_for()
    screenshot(page, f"login-{scheme}-{width}")
    sign_up(page, web_app, name="Shay Example")
    box = page.get_by_role("textbox", name="Message")
    box.fill("add renew passport friday high priority #errands")
    box.press("Enter")
    page.get_by_text("Added", exact=False).first.wait_for()
    for name in PAGES:
        page.goto(f"{web_app.url}/{name}")
        page.get_by_role("main").wait_for()
        page.wait_for_timeout(700)
        screenshot(page, f"{name}-{scheme}-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, f"/{name} scrolls sideways at {width}px"
    context.close()


def test_backend_endpoints_and_security_headers(web_app):
    health = httpx.get(f"{web_app.url}/health")
    assert health.json() == {"status": "healthy", "service": "phaseiv-backend"}
    assert httpx.get(f"{web_app.url}/api/health").json() == {"status": "ok"}
    ready = httpx.get(f"{web_app.url}/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok", "mcp": "ok"}
    page = httpx.get(f"{web_app.url}/login/")
    for header in ("content-security-policy", "x-content-type-options", "x-frame-options",
                   "referrer-policy"):
        assert header in page.headers, header
    assert page.headers["x-frame-options"] == "DENY"
    metrics = httpx.get(f"{web_app.url}/metrics").text
    for name in ("http_requests_total", "http_request_duration_seconds", "chat_messages_total",
                 "task_operations_total", "mcp_tool_calls_total"):
        assert name in metrics, name
