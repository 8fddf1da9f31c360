"""Area 7: what ``/chat`` of the production build costs a browser: weight and time to interactive.

Measured twice on the same export: as ``reflex run --env prod`` serves it, and through the
image's ``frontend`` role (``todo_reflex/frontend_server.py``: precompressed brotli/gzip,
immutable hashed assets), which is what users of a deployment get.

Headless Chromium (Debian's ``/usr/bin/chromium``) signs up once through the sign-up page, then
opens ``/chat`` five times, each in a fresh context (empty cache, signed in from the saved local
storage). Weight is every response of that load, each body gzipped here at level 6 (what the
files cost compressed, whatever the server sends) and as transferred. Interactive is navigation
start until the composer is enabled and the task panel shows the user's seeded task: the page is
hydrated, the websocket is up and the page's own events have answered.
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import stack
from bench.report import row

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]
LOADS = 5
PASSWORD = "correct horse battery"
MARK_TASK = "Water the ficus"


def _sign_up(page: Any, url: str) -> str:
    email = f"page-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(f"{url}/signup")
    page.get_by_label("Name").fill("Page Bench")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/chat**", timeout=30_000)
    return email


def _seed(database_url: str, email: str) -> None:
    import sqlalchemy as sa

    from bench.chat_load import seed_tasks
    from todo_reflex.core.db import engine_for
    from todo_reflex.core.models import User

    with engine_for(database_url).connect() as conn:
        user_id = conn.execute(sa.select(User.id).where(User.email == email)).scalar_one()
    seed_tasks(database_url, user_id, 3)

    from todo_reflex.core import tasks
    from todo_reflex.core.db import session_scope
    from todo_reflex.core.models import TaskCreate

    with session_scope(engine_for(database_url)) as session:
        tasks.add_task(session=session, actor=tasks.Actor(user_id, "UTC"),
                       data=TaskCreate(title=MARK_TASK))


def _load(browser: Any, url: str, state: dict) -> dict[str, float]:
    context = browser.new_context(storage_state=state, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    started = time.perf_counter()
    page.goto(f"{url}/chat", wait_until="commit")
    page.locator("#message:not([disabled])").wait_for(state="visible", timeout=30_000)
    page.get_by_text(MARK_TASK).first.wait_for(state="visible", timeout=30_000)
    interactive = time.perf_counter() - started
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # late chunks
    timing = page.evaluate("""() => {
        const n = performance.getEntriesByType('navigation')[0];
        return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd};
    }""")
    raw = gzipped = transferred = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - redirects and websockets have no body
            continue
        raw += len(body)
        gzipped += len(gzip.compress(body, 6))
        try:
            transferred += response.request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - sizes are not known for every response
            transferred += len(body)
    context.close()
    return {"interactive_ms": interactive * 1000, "dcl_ms": timing["dcl"],
            "load_ms": timing["load"], "raw": raw, "gzip": gzipped,
            "transferred": transferred, "requests": len(responses)}


def measure(url: str, database_url: str, server: str = "reflex run") -> list[dict[str, Any]]:
    """Weight and time to interactive of ``/chat`` for a signed-in user with a few tasks.

    Args:
        url: Where the page is served.
        database_url: The app's database (the user's tasks are seeded there).
        server: What serves the page, named in the rows.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            context = browser.new_context()
            email = _sign_up(context.new_page(), url)
            _seed(database_url, email)
            state = context.storage_state()
            context.close()
            _load(browser, url, state)  # the server's first /chat render is not a user's
            loads = [_load(browser, url, state) for _ in range(LOADS)]
        finally:
            browser.close()

    def median(key: str) -> float:
        return statistics.median(load[key] for load in loads)

    role = server == FRONTEND_ROLE
    return [
        row("page", f"/chat weight, each response gzipped ({server})", median("gzip") / 2**20,
            "MB", ("<=", 1.5), note=f"{loads[0]['requests']} requests, "
                                     f"{median('raw') / 2**20:.2f} MB uncompressed"),
        row("page", f"/chat bytes transferred ({server})", median("transferred") / 2**20, "MB",
            ("<=", 1.0) if role else None, note="as the server sent them (its own compression)"),
        row("page", f"/chat time to interactive, median ({server})", median("interactive_ms"),
            "ms", ("<=", 1500), note=f"{LOADS} cold loads; composer enabled + task panel filled"),
        row("page", f"/chat DOMContentLoaded, median ({server})", median("dcl_ms"), "ms"),
    ]


FRONTEND_ROLE = "frontend role"


@contextmanager
def frontend_role(export: Path, backend_url: str, port: int, log_dir: Path) -> Iterator[str]:
    """The image's ``frontend`` role serving ``export`` on ``port``; yields its URL."""
    service = stack.start(
        [sys.executable, "-m", "todo_reflex.frontend_server", "--root", str(export),
         "--host", "127.0.0.1", "--port", str(port), "--backend-url", backend_url],
        cwd=export.parents[2], env={**os.environ, "PYTHONPATH": str(export.parents[2])},
        log=log_dir / "frontend-role.log", url=f"http://localhost:{port}",
    )
    try:
        stack.wait_ok(service, "/api/health", 60)
        yield service.url
    finally:
        stack.stop(service)
