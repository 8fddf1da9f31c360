"""Helpers of the browser tests: the running app as tests see it, signing up, screenshots."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.support.outage import Relay
from tests.support.smtp import Inbox
from todo_reflex.core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
PASSWORD = "correct horse battery"


@dataclass
class WebApp:
    """The running app and the settings that reach its database."""

    url: str
    settings: Settings
    mcp_url: str
    database: Relay | None = None
    """Between the app and its PostgreSQL: tests take it down (None on SQLite)."""
    redis: Relay | None = None
    """Between the app and its Redis: tests take it down (None without Redis)."""
    inbox: Inbox | None = None
    """What the app mailed (its SMTP server is the tests' aiosmtpd)."""

    def new_email(self, name: str = "user") -> str:
        return f"{name}-{uuid.uuid4().hex[:8]}@example.com"


def sign_up(page, web_app: WebApp, *, name: str = "Ann Example", email: str | None = None,
            password: str = PASSWORD) -> str:
    """Create an account through the sign-up page; returns the email. Ends on /chat."""
    email = email or web_app.new_email(name.split()[0].lower())
    page.goto(f"{web_app.url}/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/chat**", timeout=20_000)
    return email


def screenshot(page, name: str) -> None:
    """Save a screenshot under tests/artifacts/ for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
