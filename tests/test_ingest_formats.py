"""New input formats: HTML pages, RSS/Atom feeds, folders, .gz, URLs, and safe fetching.

Bad inputs (broken HTML, script-only HTML, broken feed XML, a .gz that is not gzip) must become
recorded Failures with a clear reason, never exceptions. Fetching is tested against a local
server on 127.0.0.1, which the default policy must refuse (loopback) and an explicit
``allow_private`` policy may reach.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flashpoint.ingest import read_sources
from flashpoint.ingest.feeds import read_feed
from flashpoint.ingest.fetch import FetchError, FetchPolicy, address_refused, fetch
from flashpoint.ingest.files import GunzipError, count_inputs, gunzip, kind_of
from flashpoint.ingest.html import html_document
from flashpoint.records import Document, Failure

OFF = FetchPolicy(enabled=False)
LOCAL = FetchPolicy(allow_private=True, timeout=2.0)

ARTICLE = """<!doctype html><html><head><title>Pakistan closes airspace | Global Desk</title>
<meta property="og:site_name" content="Global Desk">
<meta property="og:url" content="https://global-desk.example/2025/04/24/airspace">
<meta name="date" content="2025-04-24">
<script>window.tracking = {id: 42};</script><style>body {font: serif}</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>Pakistan closes airspace</h1>
<p>ISLAMABAD, April 24 – Pakistan closed its airspace to Indian airlines on Thursday.</p>
<p>The government also suspended all trade with India, officials said.</p></article>
<footer>Comments are closed. Copyright 2025 Global Desk. All rights reserved.</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Deccan Wire</title><link>https://deccan-wire.example/</link>
<item><title>Trade suspended</title><link>{base}/trade</link><guid>dw-1</guid>
<pubDate>Thu, 24 Apr 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Pakistan suspended all trade with India on Thursday.&lt;/p&gt;</description></item>
<item><title>Airspace closed</title><link>{base}/airspace</link><guid>dw-2</guid>
<pubDate>Thu, 24 Apr 2025 11:00:00 GMT</pubDate>
<description>Pakistan closed its airspace to Indian airlines on Thursday.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Capital Ledger</title>
<entry><title>Call</title><id>urn:cl:1</id><updated>2025-04-30T12:00:00Z</updated>
<content type="html">&lt;p&gt;US Secretary of State Marco Rubio spoke by telephone with Indian External
Affairs Minister S. Jaishankar on Wednesday.&lt;/p&gt;</content></entry></feed>"""


def items(*sources: str, policy: FetchPolicy = OFF) -> list[Document | Failure]:
    return list(read_sources(sources, policy=policy))


def only_failures(found: list) -> list[Failure]:
    return [item for item in found if isinstance(item, Failure)]


# -- HTML -------------------------------------------------------------------------------------

def test_html_page_keeps_main_text_title_date_url_and_outlet():
    document = html_document(ARTICLE.encode(), source="page.html", doc_id="page")
    assert isinstance(document, Document)
    assert document.text.startswith("ISLAMABAD, April 24")  # headline copy dropped, dateline first
    assert "suspended all trade" in document.text
    for boilerplate in ("cookies", "Comments are closed", "Home", "tracking", "Copyright"):
        assert boilerplate not in document.text
    assert document.title == "Pakistan closes airspace"
    assert document.outlet == "Global Desk"
    assert document.url == "https://global-desk.example/2025/04/24/airspace"
    assert str(document.published) == "2025-04-24"
    assert document.dateline is not None and document.dateline.place.upper() == "ISLAMABAD"


@pytest.mark.parametrize("markup", [
    "<html><head><script>alert(1)</script></head><body><script>track()</script><style>p{}</style></body></html>",
    "<html><<<>>></",
    "<html><body></body></html>",
    "",
])
def test_bad_html_is_a_failure_with_a_reason(markup):
    result = html_document(markup.encode(), source="bad.html", doc_id="bad")
    assert isinstance(result, Failure)
    assert "no main text" in result.reason


def test_binary_file_named_html_is_a_failure():
    result = html_document(b"\x89PNG\r\n\x1a\n" + bytes(200), source="x.html", doc_id="x")
    assert isinstance(result, Failure) and "PNG" in result.reason


def test_truncated_html_with_text_is_still_read():
    result = html_document(b"<html><body><p>India expelled two Pakistani diplomats on Friday.", source="t.html",
                           doc_id="t")
    assert isinstance(result, Document) and "expelled" in result.text


def test_html_is_recognised_by_content_whatever_its_name(tmp_path):
    (tmp_path / "saved.txt").write_text(ARTICLE)
    (document,) = items(str(tmp_path / "saved.txt"))
    assert isinstance(document, Document) and "<p>" not in document.text


# -- feeds ------------------------------------------------------------------------------------

def test_rss_entries_use_summaries_when_fetching_is_off(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(FEED.format(base="https://deccan-wire.example"))
    found = items(str(path))
    assert [type(item) for item in found] == [Document, Document]
    first = found[0]
    assert first.text == "Pakistan suspended all trade with India on Thursday."
    assert (first.title, first.outlet, str(first.published), first.doc_id) == (
        "Trade suspended", "Deccan Wire", "2025-04-24", "dw-1")
    assert first.url == "https://deccan-wire.example/trade"


def test_atom_feed_content_is_used(tmp_path):
    path = tmp_path / "ledger.atom"
    path.write_text(ATOM)
    (document,) = items(str(path))
    assert "Marco Rubio" in document.text and document.outlet == "Capital Ledger"
    assert str(document.published) == "2025-04-30"


def test_feed_with_broken_xml_is_a_recorded_failure(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><item><title>a</ti')
    found = items(str(path))
    assert found and isinstance(found[0], Failure)
    assert "feed XML is broken" in found[0].reason
    assert all(isinstance(item, (Document, Failure)) for item in found)


def test_xml_that_is_not_a_feed_is_a_failure(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><inventory><item>3</item></inventory>')
    (failure,) = items(str(path))
    assert isinstance(failure, Failure) and "not" in failure.reason and "feed" in failure.reason


def test_feed_entry_without_summary_and_no_fetching_is_a_failure():
    data = b'<rss version="2.0"><channel><title>T</title><item><title>x</title><link>https://a.example/x</link>' \
           b'</item></channel></rss>'
    (failure,) = list(read_feed(data, source="f.rss", stem="f", policy=OFF))
    assert isinstance(failure, Failure) and "fetching is off" in failure.reason


# -- folders and gzip -------------------------------------------------------------------------

def test_folders_are_walked_recursively_in_order_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("India expelled two Pakistani diplomats on Friday.")
    (tmp_path / "a" / "deep" / "one.txt").write_text("Pakistan closed its airspace on Thursday.")
    (tmp_path / ".git" / "config.txt").write_text("not a report")
    (tmp_path / ".hidden.txt").write_text("not a report either")
    found = items(str(tmp_path))
    assert [item.doc_id for item in found] == ["a/deep/one", "b/two"]
    assert count_inputs([str(tmp_path)]) == 2


def test_same_file_names_in_different_folders_get_different_ids(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"Report from {folder}: India protested.")
    assert [item.doc_id for item in items(str(tmp_path))] == ["x/report", "y/report"]


def test_gzip_files_are_decompressed_by_name_or_by_magic(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"Pakistan suspended all trade with India on Thursday."))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(
        b'{"id": "r1", "text": "India protested to Pakistan.", "published": "2025-04-24"}\n'
        b'{"id": "r2", "text": "Pakistan rejected the protest.", "published": "2025-04-25"}\n'))
    (tmp_path / "c.bin").write_bytes(gzip.compress(ARTICLE.encode()))
    found = items(str(tmp_path))
    assert [item.doc_id for item in found] == ["a", "r1", "r2", "c"]
    assert all(isinstance(item, Document) for item in found)
    assert found[3].title == "Pakistan closes airspace"


@pytest.mark.parametrize("content, why", [
    (b"this is plain text, not gzip", "not gzip"),
    (b"\x1f\x8b\x08\x00garbage-after-a-gzip-header", "corrupt gzip"),
    (gzip.compress(b"x" * 1000)[:-12], "corrupt gzip"),
])
def test_bad_gzip_is_a_failure_with_a_reason(tmp_path, content, why):
    (tmp_path / "bad.txt.gz").write_bytes(content)
    (failure,) = items(str(tmp_path / "bad.txt.gz"))
    assert isinstance(failure, Failure) and why in failure.reason


def test_gunzip_refuses_to_expand_past_the_cap():
    with pytest.raises(GunzipError, match="cap"):
        gunzip(gzip.compress(b"0" * 10_000), cap=1000)


def test_kinds_by_extension_and_by_content():
    assert kind_of("x.jsonl", b"") == "jsonl"
    assert kind_of("x.htm", b"") == "html"
    assert kind_of("x", b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert kind_of("x", b"  <!DOCTYPE html><html>") == "html"
    assert kind_of("x.txt", b"Plain words.") == "text"


def test_missing_path_and_empty_folder_are_failures(tmp_path):
    (tmp_path / "empty").mkdir()
    found = items(str(tmp_path / "nope.txt"), str(tmp_path / "empty"))
    assert [f.reason for f in only_failures(found)] == ["no such file or directory", "folder holds no files"]


# -- fetching ---------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that stop reading (size cap, timeout) break the pipe on purpose


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    page = ARTICLE.encode()
    _Handler.routes = {
        "/page": (200, "text/html; charset=utf-8", page),
        "/slow": (200, "text/html", page),
        "/big": (200, "text/html", b"<p>" + b"word " * 50_000 + b"</p>"),
        "/trade": (200, "text/html", b"<html><body><article><p>NEW DELHI, April 24 - Pakistan suspended all "
                                     b"trade with India on Thursday.</p></article></body></html>"),
        "/feed": (200, "application/rss+xml", FEED.format(base=base).encode()),
        "/notes.txt": (200, "text/plain", b"India protested to Pakistan on Friday."),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_loopback_private_and_link_local_are_refused_by_default(server):
    for url in (server + "/page", "http://localhost:9/", "http://10.1.2.3/", "http://169.254.169.254/latest",
                "http://[::1]:9/", "http://192.168.0.1/"):
        with pytest.raises(FetchError, match="refused"):
            fetch(url, FetchPolicy(timeout=1.0))
    assert address_refused("8.8.8.8") is None
    assert address_refused("::ffff:127.0.0.1") == "loopback"


def test_only_http_and_https_are_fetched():
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd", LOCAL)
    (failure,) = items("ftp://example.org/x", policy=LOCAL)
    assert isinstance(failure, Failure) and "only http" in failure.reason


def test_allowed_fetch_follows_redirects_and_reads_pages(server):
    page = fetch(server + "/redirect", LOCAL)
    assert page.url.endswith("/page") and page.content_type == "text/html"
    (document,) = items(server + "/page", policy=LOCAL)
    assert isinstance(document, Document) and document.title == "Pakistan closes airspace"
    (note,) = items(server + "/notes.txt", policy=LOCAL)
    assert isinstance(note, Document) and note.url == server + "/notes.txt"


def test_size_cap_timeout_redirect_loop_and_http_errors_are_failures(server):
    small = FetchPolicy(allow_private=True, max_bytes=10_000, timeout=2.0)
    with pytest.raises(FetchError, match="cap"):
        fetch(server + "/big", small)
    with pytest.raises(FetchError, match="timed out"):
        fetch(server + "/slow", FetchPolicy(allow_private=True, timeout=0.3))
    with pytest.raises(FetchError, match="redirects"):
        fetch(server + "/loop", LOCAL)
    (failure,) = items(server + "/missing", policy=LOCAL)
    assert isinstance(failure, Failure) and "HTTP 404" in failure.reason


def test_feed_by_url_fetches_each_entry_page(server):
    found = items(server + "/feed", policy=LOCAL)
    trade, airspace = found
    assert isinstance(trade, Document) and trade.text.startswith("NEW DELHI, April 24")
    assert (trade.title, trade.outlet, str(trade.published)) == ("Trade suspended", "Deccan Wire", "2025-04-24")
    assert isinstance(airspace, Failure) and "HTTP 404" in airspace.reason


def test_feed_entry_pages_on_private_addresses_are_refused_by_default(tmp_path, server):
    path = tmp_path / "wire.rss"
    path.write_text(FEED.format(base=server))
    found = items(str(path), policy=FetchPolicy(timeout=1.0))
    assert len(found) == 2 and all(isinstance(f, Failure) and "refused" in f.reason for f in found)


def test_policy_from_environment_and_overrides(monkeypatch):
    monkeypatch.setenv("FLASHPOINT_FETCH", "0")
    monkeypatch.setenv("FLASHPOINT_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("FLASHPOINT_FETCH_TIMEOUT", "3.5")
    policy = FetchPolicy.from_env()
    assert (policy.enabled, policy.allow_private, policy.timeout) == (False, True, 3.5)
    assert FetchPolicy.from_env(enabled=True, allow_private=None).enabled is True
