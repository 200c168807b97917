"""Fetching web pages and feeds safely: http(s) only, timeouts, a size cap, no private addresses.

A coder fed URLs from feeds must not become a way to reach the machine it runs on or its
network (server-side request forgery), nor hang on a slow server or fill memory with a huge one.
So every fetch:

- accepts only ``http`` and ``https`` URLs;
- resolves the host itself and refuses loopback, private, link-local, multicast, reserved and
  unspecified addresses unless :attr:`FetchPolicy.allow_private` is set, then connects to the
  very address it checked (no second DNS lookup that could answer differently);
- re-checks every redirect the same way, and follows at most ``max_redirects``;
- gives up after ``timeout`` seconds per network operation and ``timeout * 3`` in total;
- refuses bodies larger than ``max_bytes``.

Failures raise :class:`FetchError` with a reason a user can act on; callers turn it into a
:class:`~flashpoint.records.Failure`.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from flashpoint import __version__, settings
from flashpoint.errors import FlashpointError

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_REDIRECTS = 5
_CHUNK = 65536


class FetchError(FlashpointError):
    """A URL could not be fetched; the message is the reason, for a Failure row."""


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How (and whether) to fetch. ``enabled=False`` means feeds use entry summaries instead."""

    enabled: bool = True
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    user_agent: str = f"flashpoint/{__version__} (+political event coder)"

    def __post_init__(self) -> None:
        """Refuse what would hang or fetch nothing: an infinite, zero or negative timeout, a size
        cap under one byte (:mod:`flashpoint.settings`)."""
        settings.fetch_timeout(self.timeout, "timeout")
        settings.fetch_max_bytes(self.max_bytes, "max_bytes")

    @classmethod
    def from_env(cls, **overrides: object) -> FetchPolicy:
        """Defaults, then ``FLASHPOINT_FETCH`` (0 disables), ``FLASHPOINT_FETCH_TIMEOUT``,
        ``FLASHPOINT_FETCH_MAX_BYTES``, ``FLASHPOINT_ALLOW_PRIVATE`` (1 allows), then overrides
        that are not None (CLI flags win over the environment)."""
        chosen = {key: value for key, value in overrides.items() if value is not None}
        return cls(**{"enabled": settings.fetch_enabled(), "timeout": settings.fetch_timeout(),
                      "max_bytes": settings.fetch_max_bytes(), "allow_private": settings.allow_private(), **chosen})


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body and where it finally came from (after redirects)."""

    url: str
    data: bytes
    content_type: str  # media type, lower case, without parameters ("text/html")


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def address_refused(address: str) -> str | None:
    """Why an IP address may not be fetched by default, or None when it is public.

    Anything that is not globally routable is refused: loopback, private, link-local, multicast,
    reserved, unspecified, and the rest (100.64.0.0/10 shared address space, where some clouds
    keep their metadata service; benchmarking and documentation ranges). IPv6 addresses that embed
    an IPv4 one (mapped, 6to4, Teredo, NAT64) are judged by the address they embed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_refused(str(embedded))
    for flag, what in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_private", "private"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_unspecified", "unspecified"),
    ):
        if getattr(ip, flag):
            return what
    if not ip.is_global:
        return "non-public"
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _resolve(host: str, port: int, policy: FetchPolicy) -> str:
    """The address to connect to, after checking every address the host resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"cannot resolve host {host!r} ({error.strerror or error})") from None
    except UnicodeError:
        raise FetchError(f"invalid host name {host!r}") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"host {host!r} has no address")
    if not policy.allow_private:
        for address in addresses:
            why = address_refused(address)
            if why:
                raise FetchError(
                    f"refused: {host} resolves to {address}, a {why} address "
                    "(allow with --allow-private or FLASHPOINT_ALLOW_PRIVATE=1)"
                )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, not to whatever DNS answers next."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET ``url`` under ``policy``, following redirects; raise :class:`FetchError` on any problem."""
    policy = policy or FetchPolicy.from_env()
    deadline = time.monotonic() + policy.timeout * 3
    current = url
    for _ in range(policy.max_redirects + 1):
        try:
            status, location, fetched = _get_once(current, policy, deadline)
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(f"timed out after {policy.timeout:g} s fetching {current}") from None
        except ssl.SSLError as error:
            raise FetchError(f"TLS error fetching {current}: {error.reason or error}") from None
        except (OSError, http.client.HTTPException, ValueError) as error:  # ValueError: a bad host name (IDNA)
            raise FetchError(f"cannot fetch {current}: {error.__class__.__name__}: {error}") from None
        if fetched is not None:
            return fetched
        if not location:
            raise FetchError(f"HTTP {status} redirect without a Location from {current}")
        try:
            current = urljoin(current, location)
        except ValueError:
            raise FetchError(f"HTTP {status} redirect to a malformed URL {location!r} from {current}") from None
    raise FetchError(f"more than {policy.max_redirects} redirects from {url}")


def _get_once(url: str, policy: FetchPolicy, deadline: float) -> tuple[int, str | None, Fetched | None]:
    """One request: (status, redirect location, None) for a redirect, else (status, None, body)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as error:
        raise FetchError(f"malformed URL ({error}): {url}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http(s) URLs are fetched, not {scheme or 'no scheme'}: {url}")
    host = parts.hostname
    if not host:
        raise FetchError(f"URL has no host: {url}")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"URL has a bad port: {url}") from None
    address = _resolve(host, port, policy)
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address, policy.timeout)
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        # A request line is ASCII: percent-encode anything else (as a browser does), keep the rest.
        path = quote(path, safe="/%:@!$&'()*+,;=?~-._[]")
        connection.request("GET", path, headers={
            "User-Agent": policy.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                      "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
            "Accept-Encoding": "identity",
        })
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            return response.status, response.getheader("Location"), None
        if response.status >= 400:
            raise FetchError(f"HTTP {response.status} {response.reason} from {url}")
        data = _read_capped(response, url, policy, deadline)
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        return response.status, None, Fetched(url, data, content_type)
    finally:
        connection.close()


def _read_capped(response: http.client.HTTPResponse, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > policy.max_bytes:
        raise FetchError(f"{url} is {int(length)} bytes, over the {policy.max_bytes}-byte cap")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {policy.timeout * 3:g} s reading {url}")
        chunk = response.read1(_CHUNK)  # what has arrived, so the deadline is checked often
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(f"{url} is over the {policy.max_bytes}-byte cap")
        chunks.append(chunk)
