"""Which webhook targets are safe: public http(s) addresses only, so a webhook is never an SSRF.

One rule, used when an endpoint is registered (model validation: the admin form and
`manage.py webhooks add`) and at every delivery attempt, where the host is resolved again and
the connection goes to the very address that was checked (see `sending.py`).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
_PRINTABLE_ASCII = "".join(chr(c) for c in range(33, 127))

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# (networks, rule, description), checked in order; the description completes "X is …".
# Rules in ALLOWED_BY_SETTING are let through by WEBHOOK_ALLOW_PRIVATE_TARGETS (development).
_RULES = [
    (("0.0.0.0/8", "::/128"), "unspecified", "an unspecified address"),
    (("127.0.0.0/8", "::1/128"), "loopback", "a loopback address"),
    (
        ("169.254.0.0/16",),
        "link-local",
        "a link-local address (169.254.0.0/16, where cloud metadata services answer)",
    ),
    (("fe80::/10",), "link-local", "a link-local address (fe80::/10)"),
    (("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), "private", "a private address (RFC 1918)"),
    (("fc00::/7",), "private", "a private address (unique local, fc00::/7)"),
    (("100.64.0.0/10",), "private", "a private address (carrier-grade NAT, 100.64.0.0/10)"),
    (("224.0.0.0/4", "ff00::/8"), "multicast", "a multicast address"),
    (
        ("240.0.0.0/4", "255.255.255.255/32", "192.0.0.0/24"),
        "reserved",
        "a reserved address",
    ),
]
RULES = [
    (tuple(ipaddress.ip_network(net) for net in nets), rule, description)
    for nets, rule, description in _RULES
]
ALLOWED_BY_SETTING = {"loopback", "private"}
NOT_GLOBAL = "a reserved address (not publicly routable)"


class TargetRefused(ValueError):
    """The URL may not be a webhook target; the message names the rule, for people."""

    def __init__(self, message: str, rule: str):
        super().__init__(message)
        self.rule = rule


class TargetUnresolved(OSError):
    """The host does not resolve (now): a delivery failure to retry, not a refusal."""


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (the checked addresses) and what to ask for there."""

    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, for the Host header and TLS SNI
    port: int
    path: str  # path and query, as sent in the request line
    addresses: tuple[str, ...]


def allow_private() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False))


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form stands for (::ffff:a.b.c.d, 6to4, NAT64), if any."""
    if address.version != 6:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def classify(address: IPAddress) -> tuple[str, str] | None:
    """(rule, description) when `address` is not a public unicast address; None when it is."""
    for networks, rule, description in RULES:
        if any(address in network for network in networks if network.version == address.version):
            return rule, description
    inner = embedded_ipv4(address)
    if inner is not None:
        return classify(inner)
    if not address.is_global or address.is_reserved:
        return "reserved", NOT_GLOBAL
    return None


def check_address(address: str, host: str, allow: bool | None = None) -> None:
    """Raise TargetRefused unless `address` (what `host` resolved to) may be connected to."""
    address = address.split("%", 1)[0]  # drop an IPv6 zone ("fe80::1%eth0")
    ip = ipaddress.ip_address(address)
    found = classify(ip)
    if found is None:
        return
    rule, description = found
    if allow is None:
        allow = allow_private()
    if allow and rule in ALLOWED_BY_SETTING:
        return
    inner = embedded_ipv4(ip)
    shown = f"{address} (IPv4 {inner})" if inner is not None else address
    if _is_ip(host):
        said = f"{shown} is {description}"
    else:
        said = f"{host} resolves to {shown}, {description}"
    hint = (
        " (WEBHOOK_ALLOW_PRIVATE_TARGETS allows loopback and private addresses in development)"
        if rule in ALLOWED_BY_SETTING
        else ""
    )
    raise TargetRefused(f"{said}; webhook endpoints must be public{hint}.", rule)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def parse_target(url: str) -> tuple[str, str, int, str]:
    """(scheme, ASCII host, port, path) of a URL that may be a webhook target, or TargetRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise TargetRefused(f"Not a valid URL: {exc}.", "url") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise TargetRefused("Only http:// and https:// URLs can receive webhooks.", "scheme")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(
            "The URL must not contain a user name or password; deliveries are authenticated by "
            "their X-Careers-Signature.",
            "credentials",
        )
    host = parts.hostname or ""
    if not host:
        raise TargetRefused("The URL has no host name.", "url")
    if not _is_ip(host):
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise TargetRefused(f"{parts.hostname!r} is not a valid host name.", "url") from exc
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    # The request line is ASCII: percent-encode anything else (an IRI path), keep the rest.
    path = quote(path, safe=_PRINTABLE_ASCII)
    return scheme, host, port or SCHEMES[scheme], path


def resolve_target(url: str, allow: bool | None = None) -> Target:
    """Check the URL, resolve its host now and check every address it resolves to.

    Raises TargetRefused (a rule says no) or TargetUnresolved (no address right now).
    """
    scheme, host, port, path = parse_target(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetUnresolved(f"{host} does not resolve ({exc})") from exc
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise TargetUnresolved(f"{host} does not resolve")
    for address in addresses:
        check_address(address, host, allow)
    return Target(scheme, host, port, path, addresses)


def check_registration(url: str) -> None:
    """Refuse an unsafe URL when an endpoint is saved; a name that does not resolve yet passes.

    Registration is the early, friendly check; the one that protects is made at every send.
    """
    with contextlib.suppress(TargetUnresolved):
        resolve_target(url)
