"""The client's address behind reverse proxies, for rate limits and the account page.

``X-Forwarded-For`` is written by whoever sent the request, so it is believed only as far as
it was appended by proxies we trust (``TRUSTED_PROXIES``). Each proxy appends the address it
saw on the right, so the list is read from the right: skip our own proxies, and the first
address that is not one of them is the client. With no trusted proxies the direct peer is the
client and the header is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from todo_reflex.core.settings import get_settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPV6_BUCKET_PREFIX = 64  # one subscriber's allocation: rotating inside it is free

__all__ = ["client_ip", "parse_ip", "rate_limit_bucket"]


def client_ip(peer: str, forwarded_for: str = "") -> str:
    """The address of the client, trusting ``X-Forwarded-For`` only from ``TRUSTED_PROXIES``.

    Args:
        peer: The address of the direct TCP peer (the ASGI scope's client).
        forwarded_for: The ``X-Forwarded-For`` header as received (comma-separated; several
            headers joined with commas), or empty.

    Returns:
        The first address from the right that is not a trusted proxy, normalised (e.g.
        ``2001:db8::1``); the peer itself when it is not a trusted proxy. When the chain holds
        something that is not an address, the nearest trusted proxy's address is returned:
        what lies beyond it cannot be verified.
    """
    networks = _networks(tuple(get_settings().trusted_proxy_list))
    nearest = parse_ip(peer)
    if nearest is None:
        return peer.strip()
    if not _is_trusted(nearest, networks):
        return str(nearest)
    for hop in reversed(forwarded_for.split(",")):
        address = parse_ip(hop)
        if address is None:
            return str(nearest)  # garbage or "unknown": stop at the last proxy we trust
        nearest = address
        if not _is_trusted(address, networks):
            return str(address)
    return str(nearest)  # every hop is one of our proxies: the leftmost is the client


def parse_ip(value: str) -> IPAddress | None:
    """Parse ``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1`` or ``[2001:db8::1]:443``.

    Returns:
        The address (an IPv4-mapped IPv6 address as IPv4), or None for anything else.
    """
    text = value.strip() if isinstance(value, str) else ""
    if text.startswith("["):
        text, closed, _ = text[1:].partition("]")
        if not closed:
            return None
    elif text.count(":") == 1:
        text = text.partition(":")[0]  # IPv4 with a port
    try:
        address = ipaddress.ip_address(text.partition("%")[0])  # no IPv6 zone ids
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def rate_limit_bucket(ip: str) -> str:
    """What a per-address limit counts against: an IPv4 address, or an IPv6 /64 network.

    One IPv6 subscriber usually holds a whole /64, so counting single IPv6 addresses would
    let one client rotate through billions of them.
    """
    address = parse_ip(ip)
    if address is None:
        return ip.strip()[:64]
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPV6_BUCKET_PREFIX), strict=False))
    return str(address)


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
