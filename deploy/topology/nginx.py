"""An nginx ingress generated from the chart's rendered Ingress, with its own prefix.

What ingress-nginx would build from the same object: one ``location`` per path (longest prefix
first) proxied to the Service's upstream, websocket upgrade headers, the timeouts and body size
of the annotations, TLS with the annotation's protocols and ciphers, the HTTP→HTTPS redirect,
and the ``custom-headers`` ConfigMap sent on every response (replacing the app's own copies,
as ``more_set_headers`` does).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deploy.topology.chart import Rendered
from deploy.topology.processes import Service

TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_binary() -> str | None:
    """Debian's nginx (``/usr/sbin`` is not always on a user's PATH), or None."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


@dataclass
class Listener:
    """One server block: a port and the rendering of the chart it follows."""

    port: int
    rendered: Rendered
    redirect_to: int | None = None
    """TLS rendering only: the plain-HTTP port that redirects to ``port``."""


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _upstreams(backends: Mapping[str, list[int]]) -> str:
    blocks = []
    for name, ports in backends.items():
        servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n"
                          for p in ports)
        blocks.append(f"  upstream {name} {{\n{servers}  }}\n")
    return "".join(blocks)


def _server(listener: Listener, cert: Path, key: Path) -> str:
    r = listener.rendered
    lines = ["  server {", f"    server_name {r.host};"]
    if r.tls:
        lines += [
            f"    listen 127.0.0.1:{listener.port} ssl default_server;",
            f"    ssl_certificate {cert};",
            f"    ssl_certificate_key {key};",
            f"    ssl_protocols {r.annotation('ssl-protocols', 'TLSv1.2 TLSv1.3')};",
            f"    ssl_ciphers {_quote(r.annotation('ssl-ciphers', 'HIGH:!aNULL:!MD5'))};",
        ]
    else:
        lines.append(f"    listen 127.0.0.1:{listener.port} default_server;")
    timeout = r.annotation("proxy-read-timeout", "60")
    lines += [
        f"    client_max_body_size {r.annotation('proxy-body-size', '1m')};",
        f"    proxy_read_timeout {timeout}s;",
        f"    proxy_send_timeout {r.annotation('proxy-send-timeout', timeout)}s;",
    ]
    for name, value in sorted(r.response_headers().items()):
        lines += [f"    proxy_hide_header {name};",
                  f"    add_header {name} {_quote(value)} always;"]
    for route in r.routes():
        lines += [
            f"    location {route.path} {{",
            f"      proxy_pass http://{route.service};",
            "      include proxy_headers.conf;",
            "    }",
        ]
    lines.append("  }")
    if r.tls and listener.redirect_to is not None:
        # ingress-nginx answers 308 to plain HTTP on a TLS host
        lines += [
            "  server {",
            f"    listen 127.0.0.1:{listener.redirect_to} default_server;",
            f"    server_name {r.host};",
            f"    return 308 https://$host:{listener.port}$request_uri;",
            "  }",
        ]
    return "\n".join(lines) + "\n"


PROXY_HEADERS = """\
proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection $connection_upgrade;
proxy_set_header Host $http_host;
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header X-Forwarded-For $remote_addr;
proxy_set_header X-Forwarded-Host $http_host;
proxy_set_header X-Forwarded-Port $server_port;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_next_upstream error timeout;
"""


def config(prefix: Path, listeners: list[Listener], upstreams: Mapping[str, list[int]],
           cert: Path, key: Path) -> str:
    """The whole ``nginx.conf``: everything lives under ``prefix``."""
    temp = "".join(f"  {name}_temp_path {prefix / 'temp' / name};\n" for name in TEMP_PATHS)
    servers = "".join(_server(listener, cert, key) for listener in listeners)
    return (
        "worker_processes 1;\n"
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n"
        f"  access_log {prefix / 'access.log'};\n"
        f"{temp}"
        "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
        "  server_tokens off;\n"
        f"{_upstreams(upstreams)}"
        f"{servers}"
        "}\n"
    )


def nginx(prefix: Path, listeners: list[Listener], upstreams: Mapping[str, list[int]],
          cert: Path, key: Path) -> Service:
    """Write the configuration under ``prefix`` and return the (not yet started) server."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (make nginx, or apt-get install nginx)")
    for name in TEMP_PATHS:  # nginx's workers run as nobody when started by root
        (prefix / "temp" / name).mkdir(parents=True, exist_ok=True)
        (prefix / "temp" / name).chmod(0o777)
    (prefix / "proxy_headers.conf").write_text(PROXY_HEADERS)
    conf = prefix / "nginx.conf"
    conf.write_text(config(prefix, listeners, upstreams, cert, key))
    return Service("nginx", [binary, "-p", f"{prefix}/", "-c", str(conf), "-g", "daemon off;"],
                   {"PATH": "/usr/sbin:/usr/bin:/bin"}, prefix / "nginx.out")
