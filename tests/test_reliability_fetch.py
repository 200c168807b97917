"""Fetching feeds and pages safely, beyond tests/test_ingest_formats.py: every way of naming a
loopback, private or otherwise non-public address is refused (numeric hosts, IPv6 forms that
embed IPv4, DNS answers mixing public and private addresses, redirects), only http(s) is
followed, a server that trickles its body or never says how long it is cannot hold a fetch past
its deadline or its size cap. All against servers on 127.0.0.1 that the tests start themselves.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flashpoint.ingest import read_sources
from flashpoint.ingest import fetch as fetch_module
from flashpoint.ingest.fetch import FetchError, FetchPolicy, address_refused, fetch
from flashpoint.records import Failure

DEFAULT = FetchPolicy(timeout=1.0)
LOCAL = FetchPolicy(allow_private=True, timeout=1.0)
PAGE = (b"<html><body><article><p>NEW DELHI, April 24 - Pakistan suspended all trade with India on "
        b"Thursday.</p></article></body></html>")


class _Handler(BaseHTTPRequestHandler):
    target = ""  # where /to-target redirects

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/to-target":
            self.send_response(302)
            self.send_header("Location", self.target)
            self.end_headers()
        elif self.path == "/trickle":  # a byte every 0.1 s, forever: only the total deadline stops it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif self.path == "/endless":  # no Content-Length, a body far over the cap
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b"<p>" + b"word " * 2000 + b"</p>")
            except OSError:
                pass
        elif self.path == "/lying-length":  # says 10 bytes, sends megabytes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10")
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path == "/silent":  # accepts, then never answers
            time.sleep(5)
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Quiet(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1",
    "fe80::1%eth0", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::1",
    "64:ff9b::a00:1", "2001:0:4136:e378:8000:63bf:80ff:fffe", "ff02::1",
])
def test_non_public_addresses_are_refused(address):
    assert address_refused(address) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111",
                                     "2002:808:808::1", "64:ff9b::808:808"])
def test_public_addresses_are_allowed(address):
    assert address_refused(address) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "0x7f000001", "0177.0.0.1", "127.1",
                                  "[::1]", "[::ffff:127.0.0.1]", "0", "LOCALHOST", "localhost."])
def test_every_spelling_of_this_machine_is_refused(server, host):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="refused|cannot resolve"):
        fetch(f"http://{host}:{port}/page", DEFAULT)


def test_credentials_in_the_url_do_not_hide_the_host(server):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="refused"):
        fetch(f"http://public.example@127.0.0.1:{port}/page", DEFAULT)


def test_a_name_resolving_to_public_and_private_addresses_is_refused(monkeypatch, server):
    """DNS rebinding: one answer holds a public and a loopback address; any refused one refuses."""
    real = socket.getaddrinfo
    port = int(server.rsplit(":", 1)[1])

    def answer(host, *args, **kwargs):
        if host == "rebind.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                    (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", answer)
    with pytest.raises(FetchError, match="refused: rebind.example resolves to 127.0.0.1"):
        fetch(f"http://rebind.example:{port}/page", DEFAULT)


def test_the_connection_goes_to_the_checked_address(monkeypatch, server):
    """The address checked is the address connected to: a second DNS answer cannot switch it."""
    port = int(server.rsplit(":", 1)[1])
    answers = iter([[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]])
    seen = []
    real = socket.getaddrinfo

    def answer(host, *args, **kwargs):  # the name is answered once; a second lookup would fail
        return next(answers) if host == "pinned.example" else real(host, *args, **kwargs)

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", answer)
    real_connect = socket.create_connection

    def connect(address, *args, **kwargs):
        seen.append(address)
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(fetch_module.socket, "create_connection", connect)
    page = fetch(f"http://pinned.example:{port}/page", LOCAL)  # getaddrinfo would fail if asked twice
    assert page.data == PAGE and seen == [("127.0.0.1", port)]


def test_a_redirect_to_a_private_address_is_refused(monkeypatch, server):
    """The first hop is allowed (127.0.0.1 counts as public here), the redirect to 127.0.0.2 not:
    every hop is checked again."""
    port = server.rsplit(":", 1)[1]
    _Handler.target = f"http://127.0.0.2:{port}/page"
    monkeypatch.setattr(fetch_module, "address_refused", lambda a: "private" if a == "127.0.0.2" else None)
    with pytest.raises(FetchError, match="refused: 127.0.0.2"):
        fetch(f"{server}/to-target", DEFAULT)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:70/",
                                    "data:text/html,<script>alert(1)</script>", "javascript:alert(1)"])
def test_redirects_to_other_schemes_are_refused(server, target):
    _Handler.target = target
    with pytest.raises(FetchError, match="only http"):
        fetch(f"{server}/to-target", LOCAL)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "gopher://x/", "dict://x:11211/",
                                 "ldap://x/", "jar:http://x!/", "HTTP://", "http:///nohost", "http://[::1"])
def test_only_http_urls_with_a_host_are_fetched(url):
    with pytest.raises(FetchError):
        fetch(url, LOCAL)
    items = list(read_sources([url], policy=LOCAL))
    assert len(items) == 1 and isinstance(items[0], Failure) and items[0].reason


@pytest.mark.parametrize("path", ["/ünïcode/päge", "/a b", "/a\r\nX-Injected: 1", "/?q=ü&r=%C3%BC", "/%ZZ"])
def test_odd_paths_are_encoded_not_fatal(server, path):
    page = fetch(server + path, LOCAL)  # the test server answers every path with the page
    assert page.data == PAGE


@pytest.mark.parametrize("url", ["http://" + "a" * 70 + ".example/", "http://.example/", "http://a..b/",
                                 "http://127.0.0.1:99999/", "http://127.0.0.1:-1/", "http://[fe80::1%25eth0]/"])
def test_malformed_hosts_and_ports_are_fetch_errors(url):
    with pytest.raises(FetchError):
        fetch(url, LOCAL)


def test_a_trickling_body_stops_at_the_total_deadline(server):
    began = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server}/trickle", FetchPolicy(allow_private=True, timeout=0.5))
    assert time.monotonic() - began < 5  # 3 x timeout, plus slack


def test_a_silent_server_times_out(server):
    began = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server}/silent", FetchPolicy(allow_private=True, timeout=0.5))
    assert time.monotonic() - began < 3


def test_a_body_without_length_stops_at_the_cap(server):
    with pytest.raises(FetchError, match="cap"):
        fetch(f"{server}/endless", FetchPolicy(allow_private=True, timeout=5, max_bytes=200_000))


def test_a_lying_content_length_is_not_trusted(server):
    try:
        page = fetch(f"{server}/lying-length", LOCAL)
    except FetchError:
        return  # refused: fine
    assert len(page.data) <= 10


def test_feed_entries_pointing_here_are_recorded_failures(tmp_path, server):
    port = server.rsplit(":", 1)[1]
    links = [f"http://127.0.0.1:{port}/page", f"http://localhost:{port}/page", "http://169.254.169.254/latest/meta-data/",
             "file:///etc/passwd", f"http://[::1]:{port}/page", "http://100.100.100.200/latest/meta-data/"]
    items = "".join(f"<item><title>t{n}</title><link>{link}</link><guid>g{n}</guid></item>"
                    for n, link in enumerate(links))
    feed = tmp_path / "feed.rss"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>')
    found = list(read_sources([str(feed)], policy=DEFAULT))
    assert len(found) == len(links)
    assert all(isinstance(item, Failure) and ("refused" in item.reason or "only http" in item.reason) for item in found)
