"""The client's address behind trusted proxies: spoofed headers, chains, garbage, IPv6."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from todo_reflex.core.client_ip import client_ip, parse_ip, rate_limit_bucket
from todo_reflex.core.settings import Settings, use_settings

INGRESS = Settings(trusted_proxies="10.0.0.0/8, 2001:db8:ff::/48, 192.0.2.7")
NOBODY = Settings()


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("203.0.113.5", "", "203.0.113.5"),
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),  # spoofed by an untrusted peer
        ("10.1.2.3", "198.51.100.1", "198.51.100.1"),  # set by our ingress
        ("10.1.2.3", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # client-written part ignored
        ("10.1.2.3", "198.51.100.1, 192.0.2.7, 10.9.9.9", "198.51.100.1"),  # proxy chain
        ("10.1.2.3", "198.51.100.1,10.9.9.9", "198.51.100.1"),
        ("10.1.2.3", "", "10.1.2.3"),  # straight from a proxy: it is the client
        ("10.1.2.3", "10.4.4.4, 10.5.5.5", "10.4.4.4"),  # all ours: the leftmost
        ("10.1.2.3", "unknown", "10.1.2.3"),  # garbage: stop at the nearest proxy
        ("10.1.2.3", "1.1.1.1, <script>, 10.5.5.5", "10.5.5.5"),
        ("10.1.2.3", " , ", "10.1.2.3"),
        ("10.1.2.3", "198.51.100.1:51234", "198.51.100.1"),  # with a port
        ("10.1.2.3", "[2001:db8::1]:443", "2001:db8::1"),
        ("10.1.2.3", "2001:DB8:0:0::1", "2001:db8::1"),  # normalised
        ("2001:db8:ff::9", "2001:db8:1::5", "2001:db8:1::5"),  # IPv6 proxy
        ("2001:db8:1::9", "198.51.100.1", "2001:db8:1::9"),  # untrusted IPv6 peer
        ("::ffff:10.1.2.3", "198.51.100.1", "198.51.100.1"),  # IPv4-mapped peer
        ("", "198.51.100.1", ""),
        ("not-an-ip", "198.51.100.1", "not-an-ip"),
    ],
)
def test_client_ip_behind_trusted_proxies(peer: str, forwarded_for: str, expected: str) -> None:
    with use_settings(INGRESS):
        assert client_ip(peer, forwarded_for) == expected


@pytest.mark.parametrize("forwarded_for", ["198.51.100.1", "10.0.0.1, 198.51.100.1", ""])
def test_without_trusted_proxies_the_header_is_ignored(forwarded_for: str) -> None:
    with use_settings(NOBODY):
        assert client_ip("10.1.2.3", forwarded_for) == "10.1.2.3"


def test_trusted_proxies_are_validated() -> None:
    assert Settings(trusted_proxies=" 10.0.0.1 ,, fd00::/8 ").trusted_proxy_list == [
        "10.0.0.1", "fd00::/8"
    ]
    with pytest.raises(ValidationError, match="TRUSTED_PROXIES"):
        Settings(trusted_proxies="10.0.0.0/8, ingress-nginx")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.2.3.4", "1.2.3.4"), (" 1.2.3.4:80 ", "1.2.3.4"), ("[::1]", "::1"),
     ("fe80::1%eth0", "fe80::1"), ("::ffff:1.2.3.4", "1.2.3.4"), ("1.2.3", None),
     ("", None), ("[::1", None), ("999.1.1.1", None)],
)
def test_parse_ip(value: str, expected: str | None) -> None:
    parsed = parse_ip(value)
    assert (None if parsed is None else str(parsed)) == expected


def test_rate_limit_buckets_group_an_ipv6_subscriber() -> None:
    assert rate_limit_bucket("198.51.100.7") == "198.51.100.7"
    assert rate_limit_bucket("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert rate_limit_bucket("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert rate_limit_bucket("garbage") == "garbage"
