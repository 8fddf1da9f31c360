"""One production topology for all of tests/topology (``deploy.topology``), Chromium pointed at it.

The browser resolves the Ingress host to 127.0.0.1 (``--host-resolver-rules``) and accepts the
self-signed certificate; Python clients check it against the certificate itself. Skipped
locally without nginx or Chromium; under ``REQUIRE_SERVICES=1`` (CI) that fails instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserType, Page, expect

from deploy.topology import Topology
from deploy.topology.nginx import nginx_binary
from tests.support.browser import CHROMIUM
from tests.support.services import REQUIRE_SERVICES
from tests.support.topology import Site

expect.set_options(timeout=20_000)


def _missing(what: str) -> None:
    message = f"{what} is not installed (make nginx chromium)"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def topology() -> Iterator[Topology]:
    """nginx, frontend, two backends, MCP, PostgreSQL and Redis, for all of tests/topology.

    One per test run: pytest-playwright's browser parameter reorders tests, so topology tests
    also run after tests/web, whose app holds the frontend build lock for the session; a second
    topology would wait for that lock forever.
    """
    if nginx_binary() is None:
        _missing("nginx")
    with Topology() as running:
        yield running


@pytest.fixture
def site(topology: Topology) -> Site:
    """The https address through the ingress."""
    return Site(topology.url)


@pytest.fixture(scope="session")
def ingress_browser(browser_type: BrowserType, topology: Topology) -> Iterator[Browser]:
    """Debian's Chromium with the Ingress host mapped to this machine.

    Launched here rather than through pytest-playwright's session-wide ``browser``, which the
    browser tests of tests/web share with other launch arguments.
    """
    if not Path(CHROMIUM).exists():
        _missing("Chromium")
    browser = browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--no-first-run", "--disable-sync",
              f"--host-resolver-rules=MAP {topology.host} 127.0.0.1"],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(ingress_browser: Browser) -> Iterator[Page]:
    """A fresh tab (its own context) that accepts the ingress's self-signed certificate."""
    context = ingress_browser.new_context(ignore_https_errors=True)
    yield context.new_page()
    context.close()
