"""The nginx ingress, as a client meets it: TLS, the redirect, the headers and the routes."""

from __future__ import annotations

import socket
import ssl
import warnings

import pytest

from deploy.topology import Topology
from tests.support.topology import get
from tests.web.reflex_socket import run_async
from todo_reflex.core.browser_policy import security_headers

pytestmark = pytest.mark.slow


def handshake(topology: Topology, version: ssl.TLSVersion, *, host: str | None = None,
              verify: bool = False) -> str:
    """Complete a TLS handshake at exactly ``version``; returns the protocol agreed."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    with warnings.catch_warnings():  # TLS 1.0/1.1 are deprecated: that is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = context.maximum_version = version
    if verify:
        context.load_verify_locations(str(topology.cert))
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_ciphers("ALL:@SECLEVEL=0")  # let the client offer old protocols
    with socket.create_connection(("127.0.0.1", topology.ports["https"]), timeout=5) as raw, \
            context.wrap_socket(raw, server_hostname=host or topology.host) as tls:
        return tls.version() or ""


def test_https_serves_the_app_with_the_one_header_policy(topology: Topology) -> None:
    page = get(topology, f"{topology.url}/")
    assert page.status_code == 200
    assert "<html" in page.text.lower()
    expected = security_headers(https=True)
    for name, value in expected.items():
        assert page.headers.get_list(name) == [value], name  # once: the app's copy is replaced


@pytest.mark.parametrize("path", ["/", "/chat", "/health?x=1"])
def test_http_redirects_to_https(topology: Topology, path: str) -> None:
    answer = get(topology, f"{topology.http_url}{path}", follow_redirects=False)
    assert answer.status_code == 308
    assert answer.headers["location"] == f"{topology.url}{path}"


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1])
def test_old_tls_is_refused(topology: Topology, version: ssl.TLSVersion) -> None:
    with pytest.raises((ssl.SSLError, ConnectionResetError)):
        handshake(topology, version)


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_are_served(topology: Topology, version: ssl.TLSVersion) -> None:
    assert handshake(topology, version, verify=True) == version.name.replace("v1_", "v1.")


def test_the_certificate_names_the_ingress_host(topology: Topology) -> None:
    assert handshake(topology, ssl.TLSVersion.TLSv1_3, verify=True)  # SAN todo-app.local
    with pytest.raises(ssl.SSLCertVerificationError, match="Hostname mismatch"):
        handshake(topology, ssl.TLSVersion.TLSv1_3, host="elsewhere.example", verify=True)


def test_each_rendered_route_reaches_its_service(topology: Topology) -> None:
    assert topology.rendered is not None
    services = {route.path: route.service for route in topology.rendered.routes()}
    assert services["/_event"] == "backend-service"
    assert services["/"] == "frontend-service"
    backend = get(topology, f"{topology.url}/health")
    assert backend.json()["service"] == "phaseiv-backend"
    frontend = get(topology, f"{topology.url}/api/health")  # only the frontend server has it
    assert frontend.status_code == 200
    assert "phaseiv-backend" not in frontend.text
    conf = (topology.folder / "nginx" / "nginx.conf").read_text()
    for path, service in services.items():
        assert f"location {path} {{\n      proxy_pass http://{service};" in conf


def test_nginx_follows_the_ingress_annotations(topology: Topology) -> None:
    r = topology.rendered
    assert r is not None
    conf = (topology.folder / "nginx" / "nginx.conf").read_text()
    assert f"proxy_read_timeout {r.annotation('proxy-read-timeout')}s;" in conf
    assert f"proxy_send_timeout {r.annotation('proxy-send-timeout')}s;" in conf
    assert f"client_max_body_size {r.annotation('proxy-body-size')};" in conf
    assert f"ssl_protocols {r.annotation('ssl-protocols')};" in conf
    assert r.annotation("force-ssl-redirect") == "true"
    assert "return 308 https://" in conf


def test_the_websocket_upgrades_through_the_ingress(topology: Topology) -> None:
    from tests.topology.sockets import IngressSocket

    async def connect() -> bool:
        async with IngressSocket(topology) as socket:
            return socket.connected

    assert run_async(connect())


def test_plain_http_ingress_serves_without_redirect_or_hsts(topology: Topology) -> None:
    page = get(topology, f"{topology.plain_url}/chat", follow_redirects=False)
    assert page.status_code == 200
    assert "strict-transport-security" not in page.headers
    assert page.headers["x-frame-options"] == "DENY"
