"""Which URLs a stored document may carry, and so which become links in the dashboard and report.

A document's URL is shown to analysts as a link ("source: article"). A ``javascript:`` URL runs
script when clicked, and ``data:`` and ``file:`` open what the page wants. So a URL must be
``http`` or ``https`` (:func:`link_refusal` says why one is not): ingest refuses a document whose
URL is not (a recorded failure naming the reason), and every place that writes a link checks
again (:func:`safe_link`), so a store filled by an older version or by hand cannot slip one
through. A document posted to the HTTP API may not point at a loopback or link-local address
either (``http://127.0.0.1:…``, the cloud metadata address ``169.254.169.254``: services on the
reader's own machine or network): :func:`posted_link_refusal`, answered with 400.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

MAX_URL = 2_000
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def link_refusal(url: str) -> str | None:
    """Why ``url`` may not be stored or shown as a link, or None when it may: it must be
    ``http`` or ``https``, well formed, without a user name or password."""
    if len(url) > MAX_URL:
        return f"longer than {MAX_URL} characters"
    scheme = url.partition(":")[0].strip().lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        if scheme and scheme.isascii() and scheme.isalnum():
            return f"{scheme}: is not allowed (only http and https)"
        return "has no scheme (only http and https are allowed)"
    if any(ord(char) < 33 or char in "\\\"<>`" for char in url):
        return "contains spaces, control characters, quotes or angle brackets"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "not a URL"
    if not host:
        return "has no host"
    if parts.username or parts.password:
        return "carries a user name or password"
    return None


def posted_link_refusal(url: str) -> str | None:
    """:func:`link_refusal`, and also loopback, link-local, unspecified and multicast hosts: what
    the HTTP API refuses in a posted document (a remote client must not plant links to services
    on the reader's machine or network; ingest by the operator, who may fetch from such
    addresses with ``--allow-private``, keeps them)."""
    refused = link_refusal(url)
    if refused:
        return refused
    return _host_refusal((urlsplit(url).hostname or "").rstrip(".").lower())


def _host_refusal(host: str) -> str | None:
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return f"{host} is this machine (loopback)"
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return _numeric_host(host)
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped  # type: ignore[union-attr]
    for test, what in (("is_loopback", "a loopback"), ("is_link_local", "a link-local"),
                       ("is_unspecified", "an unspecified"), ("is_multicast", "a multicast")):
        if getattr(address, test):
            return f"{host} is {what} address"
    return None


def _numeric_host(host: str) -> str | None:
    """Hosts browsers read as IPv4 addresses although they are not dotted quads (``2130706433``,
    ``0x7f.1``, ``127.1``), read as the C library (and the URL standard) reads them: refused when
    they name a loopback or link-local address."""
    if not all(part.isalnum() for part in host.split(".")) or not host[:1].isdigit():
        return None
    try:
        packed = socket.inet_aton(host)
    except OSError:
        return None
    return _host_refusal(str(ipaddress.IPv4Address(packed)))


def safe_link(url: str | None) -> str | None:
    """``url`` when it may be written as a link, else None."""
    return url if url and link_refusal(url) is None else None
