"""The ``frontend`` role: serve the exported Reflex app with ServeStatic in a small Starlette app.

ServeStatic serves the export's precompressed ``.br``/``.gz`` files with ``Vary``, marks the
hashed ``/assets/`` immutable, and only ever serves files it listed at start (no directory
listing, no path traversal). Around it this module adds what the product needs:

- ``GET /api/health`` for probes;
- clean URLs (``/chat`` serves ``chat/index.html``) and the export's ``404.html`` with status 404;
- the one header policy of ``todo_reflex.core.browser_policy`` on every response;
- the backend's address decided at **start**, not at build: the export's small ``reflex-env``
  chunk is rewritten in memory to the same origin as the page (the Ingress routes the
  backend's paths), or to ``BACKEND_URL`` when the backend has its own origin.

No Reflex import: the image's frontend pods run only this and the exported files.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from servestatic import ServeStaticASGI
from servestatic.responders import StaticFile
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_reflex.core.browser_policy import reached_over_tls, security_headers
from todo_reflex.core.logs import configure_logging

ENV_CHUNK = "assets/reflex-env-*.js"
# `http://localhost:8000/ping`, "ws://localhost:8000/_event": the backend URLs of the build
_BUILT_URL = re.compile(r"(?P<q>[`\"])(?P<scheme>https?|wss?)://[^`\"/]+(?P<path>/[^`\"]*)(?P=q)")
_POLICIES = {https: list(security_headers(https=https).items()) for https in (False, True)}
_SAME_ORIGIN_HTTP = 'location.origin+"{path}"'
_SAME_ORIGIN_WS = '(location.protocol==="https:"?"wss://":"ws://")+location.host+"{path}"'


@dataclass(frozen=True)
class EnvChunk:
    """The export's runtime-config chunk as this deployment serves it."""

    url: str
    body: bytes


def backend_env_chunk(root: Path, backend_url: str = "") -> EnvChunk | None:
    """The ``reflex-env`` chunk with the backend URLs of this deployment.

    Args:
        root: The exported frontend (``.web/build/client``).
        backend_url: The backend's public origin, e.g. ``https://api.example.com``; empty means
            the page's own origin (the Ingress sends ``/_event``, ``/ping`` … to the backend),
            which works over http and https on any port.

    Returns:
        The chunk's URL path and new body, or None when the export has no such chunk.
    """
    found = sorted(root.glob(ENV_CHUNK))
    if not found:
        return None
    text = found[0].read_text(encoding="utf-8")
    base = backend_url.rstrip("/")

    def rewrite(match: re.Match[str]) -> str:
        path, websocket = match["path"], match["scheme"].startswith("ws")
        if not base:
            return (_SAME_ORIGIN_WS if websocket else _SAME_ORIGIN_HTTP).format(path=path)
        origin = re.sub(r"^http", "ws", base) if websocket else base
        return json.dumps(origin + path)

    url = "/" + found[0].relative_to(root).as_posix()
    return EnvChunk(url=url, body=_BUILT_URL.sub(rewrite, text).encode())


class SecurityHeaders:
    """ASGI middleware: the app's header policy, once, on every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the policy (with HSTS when the proxy in front saw TLS) to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = _POLICIES[reached_over_tls(scope)]
        names = {name.lower().encode() for name, _ in policy}

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                extra = [(name.lower().encode(), value.encode()) for name, value in policy]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, send_with_policy)


def _add_cache_headers(headers, path: str, url: str) -> None:  # noqa: ANN001 - wsgiref Headers
    """Pages revalidate on every visit, so a new release shows at once."""
    if not url.startswith("/assets/"):
        headers["Cache-Control"] = "no-cache"


def create_app(root: Path, backend_url: str = "") -> ASGIApp:
    """The frontend ASGI app for an exported build.

    Args:
        root: The exported frontend; must hold ``index.html``.
        backend_url: See :func:`backend_env_chunk`.
    """
    root = root.resolve()
    not_found = root / "404.html"
    env = backend_env_chunk(root, backend_url)

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def env_chunk(_: Request) -> Response:
        return Response(env.body if env else b"", media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})

    async def missing(_: Request) -> Response:
        if not_found.is_file():
            return FileResponse(not_found, status_code=404, media_type="text/html",
                                headers={"Cache-Control": "no-cache"})
        return Response("Not Found", status_code=404, media_type="text/plain")

    files = ServeStaticASGI(
        Starlette(routes=[Route("/{path:path}", missing, methods=["GET", "HEAD"])]),
        root=str(root), index_file=True, immutable_file_test=r"^/assets/",
        allow_all_origins=False, add_headers_function=_add_cache_headers,
    )
    _serve_clean_urls(files)
    routes = [Route("/api/health", health, methods=["GET", "HEAD"])]
    if env is not None:  # wins over the file of the same name
        routes.append(Route(env.url, env_chunk, methods=["GET", "HEAD"]))
    routes.append(Mount("/", app=files))
    return SecurityHeaders(Starlette(routes=routes))


def _serve_clean_urls(files: ServeStaticASGI) -> None:
    """``/chat`` answers with the page itself (as ``/chat/`` does), not with a redirect."""
    if "/favicon.ico" not in files.files and "/favicon.svg" in files.files:
        files.files["/favicon.ico"] = files.files["/favicon.svg"]  # what browsers ask first
    for url, served in list(files.files.items()):
        if not isinstance(served, StaticFile):
            continue
        if url.endswith("/") and url != "/":
            files.files[url.rstrip("/")] = served
        elif url.endswith(".html") and url != "/404.html":
            files.files.setdefault(url.removesuffix(".html"), served)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".web/build/client", help="exported frontend")
    parser.add_argument("--host", default="0.0.0.0", help="listen address")  # noqa: S104
    parser.add_argument("--port", type=int, default=3000, help="listen port")
    parser.add_argument("--backend-url", default="",
                        help="the backend's public origin; empty: the page's own origin")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not (root / "index.html").is_file():
        parser.error(f"{root} has no index.html: run `reflex export --frontend-only` first")
    configure_logging("todo-frontend")
    uvicorn.run(create_app(root, args.backend_url), host=args.host, port=args.port,
                server_header=False, proxy_headers=False, log_config=None)


if __name__ == "__main__":
    main()
