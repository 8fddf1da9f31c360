"""Serve the exported Reflex frontend (role ``frontend``) and answer ``GET /api/health``.

The static build needs no Node at run time; this standard-library server is all the
frontend pod runs. Unknown paths get the export's ``404.html`` (it boots the app, which
then routes on the client), and directory listings are never shown. Every response carries
the app's security headers (``todo_reflex/core/browser_policy.py``, production policy: the
export is a production build).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from todo_reflex.core.browser_policy import security_headers

HEALTH_PATH = "/api/health"
HEALTH_BODY = json.dumps({"status": "ok"}).encode()
POLICIES = {https: security_headers(https=https) for https in (False, True)}


class FrontendHandler(SimpleHTTPRequestHandler):
    """Static files with clean URLs (``/chat`` -> ``chat/index.html`` or ``chat.html``)."""

    server_version = "todo-frontend"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        """Answer the health check, or a file of the build."""
        if urlsplit(self.path).path == HEALTH_PATH:
            self._send_bytes(HTTPStatus.OK, HEALTH_BODY, "application/json")
            return
        self._resolve_clean_url()
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        """Same as GET without a body."""
        if urlsplit(self.path).path == HEALTH_PATH:
            self._send_bytes(HTTPStatus.OK, b"", "application/json")
            return
        self._resolve_clean_url()
        super().do_HEAD()

    def _resolve_clean_url(self) -> None:
        """Rewrite ``self.path`` to the file that serves it, if any."""
        path = urlsplit(self.path).path
        base = Path(self.directory)
        target = Path(self.translate_path(path))
        for candidate in (target, target / "index.html", target.with_suffix(".html")):
            if candidate.is_file() and base in candidate.resolve().parents:
                self.path = "/" + candidate.relative_to(base).as_posix()
                return
        self.path = "/__not_found__"

    def send_head(self):  # noqa: ANN201 - signature of the base class
        """Serve a file; anything else is the export's 404 page with status 404."""
        if self.path == "/__not_found__":
            page = Path(self.directory) / "404.html"
            body = page.read_bytes() if page.is_file() else b"Not Found"
            self._send_bytes(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", head=True)
            return _Body(body if self.command == "GET" else b"")
        return super().send_head()

    def end_headers(self) -> None:
        """Security headers on every response; long cache for hashed assets, none for pages."""
        path = getattr(self, "path", "")  # unset when the request line could not be parsed
        if path.startswith("/assets/"):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        elif path.endswith(".html"):
            self.send_header("Cache-Control", "no-cache")
        for name, value in POLICIES[self._is_https()].items():
            self.send_header(name, value)
        super().end_headers()

    def _is_https(self) -> bool:
        """Whether the browser came over TLS at the proxy in front (only adds HSTS)."""
        headers = getattr(self, "headers", None)
        forwarded = headers.get("X-Forwarded-Proto", "") if headers is not None else ""
        return forwarded.split(",")[0].strip().lower() == "https"

    def _send_bytes(self, status: HTTPStatus, body: bytes, ctype: str, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        """One JSON object per line, like the other services."""
        record = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "level": "INFO",
            "service": "frontend",
            "message": format % args,
        }
        sys.stderr.write(json.dumps(record) + "\n")


class _Body:
    """A file-like body for ``copyfile`` in ``SimpleHTTPRequestHandler.do_GET``."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data

    def close(self) -> None:
        """Nothing to release."""


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".web/build/client", help="exported frontend")
    parser.add_argument("--host", default="0.0.0.0", help="listen address")  # noqa: S104
    parser.add_argument("--port", type=int, default=3000, help="listen port")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if not (root / "index.html").is_file():
        parser.error(f"{root} has no index.html: run `reflex export --frontend-only` first")
    handler = partial(FrontendHandler, directory=str(root))
    with ThreadingHTTPServer((args.host, args.port), handler) as server:
        server.daemon_threads = True
        server.serve_forever()


if __name__ == "__main__":
    main()
