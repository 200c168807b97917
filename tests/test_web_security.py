"""The security holes of issue 16, one test each (each failed before its fix):

- report.html wrote any stored URL as a link and had no Content-Security-Policy: a ``javascript:``
  URL ran when clicked;
- ingest and ``POST /api/documents`` stored ``file:``, ``gopher:``, ``javascript:``, ``data:``,
  loopback and link-local URLs without a word;
- a forged cursor holding an integer of 2^63 or more gave a plain 500;
- a locked store's 503 told the server's file path;
- slow clients (slowloris) held their connections for as long as they liked;
- ``POST /api/code`` coded for as long as the text took (25 s for 100 KB), holding the coder.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import socket
import sqlite3
import threading
import time
import warnings

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_web_api import build_store, make_document  # noqa: E402

from flashpoint.faces.report import write_report  # noqa: E402
from flashpoint.faces.web import WebConfig, create_app  # noqa: E402
from flashpoint.faces.web.coding import Coder  # noqa: E402
from flashpoint.ingest import document_from_record  # noqa: E402
from flashpoint.records import Failure  # noqa: E402
from flashpoint.store import Store  # noqa: E402

#: Never a link: refused at ingest, in the API, and wherever a link is written.
NOT_LINKS = ["javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
             "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "gopher://127.0.0.1:25/_HELO",
             "ftp://example.org/x", "vbscript:msgbox(1)", "https://user:secret@example.org/", "//example.org/x"]
#: Links to the reader's own machine or network: refused in documents posted to the API.
LOCAL_LINKS = ["http://127.0.0.1:8000/api/stats", "http://localhost/admin", "http://[::1]/",
               "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://2130706433/",
               "http://0.0.0.0:8000/"]
UNSAFE_URLS = NOT_LINKS + LOCAL_LINKS
SAFE_URLS = ["https://example.org/news/1", "http://www.example.com/a?b=c#d", "https://203.0.113.9/x"]


def test_link_rules():
    from flashpoint.ingest.links import link_refusal, posted_link_refusal

    for url in NOT_LINKS:
        assert link_refusal(url.strip()) and posted_link_refusal(url.strip()), url
    for url in LOCAL_LINKS:
        assert link_refusal(url) is None and posted_link_refusal(url), url
    for url in SAFE_URLS:
        assert link_refusal(url) is None and posted_link_refusal(url) is None, url


@pytest.mark.parametrize("url", NOT_LINKS)
def test_ingest_refuses_unsafe_urls(url):
    item = document_from_record({"id": "x", "text": "India praised Pakistan.", "url": url}, source="t.jsonl",
                                fallback_id="x")
    assert isinstance(item, Failure) and "url" in item.reason and "refused" in item.reason, item


def test_report_writes_only_safe_links_and_has_a_policy(tmp_path):
    """A store filled by an older version or by hand may hold any URL: the report links only the
    safe ones, and its Content-Security-Policy allows no script but its own."""
    day = dt.date(2025, 5, 8)
    strike = ("Indian forces struck army posts near Poonch on Wednesday.", "Indian forces", "INDMIL", "struck",
              "army posts", "PAKMIL", "190", 1, "Poonch", "on Wednesday")
    documents = [make_document(f"wire/{n}", day + dt.timedelta(days=3 * n), [f"Report {n}.", strike], url=url,
                               outlet=f"Outlet {n}")
                 for n, url in enumerate(["javascript:alert(document.cookie)", "https://example.org/ok",
                                          "vbscript:msgbox(1)", "data:text/html,x"])]
    with Store(tmp_path / "r.db") as store:
        store.add(documents)
        write_report(store, tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"#][^"]*)"', html)
    assert hrefs and all(href.startswith("https://example.org/") for href in hrefs), hrefs
    assert 'href="javascript' not in html.lower() and 'href="data' not in html.lower()
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy and "default-src 'none'" in policy.group(1) and "script-src 'sha256-" in policy.group(1)
    assert "unsafe-inline" not in policy.group(1).split("script-src")[1].split(";")[0]


@pytest.fixture(scope="module")
def writable(tmp_path_factory, pipeline):
    db = build_store(tmp_path_factory.mktemp("security") / "web.db")
    app = create_app(WebConfig(db=db, allow_writes=True, allowed_hosts=("testserver",)), coder=Coder(pipeline))
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_post_documents_refuses_unsafe_urls(writable, url):
    before = writable.get("/api/stats").json()["documents"]
    answer = writable.post("/api/documents", json={"documents": [
        {"id": "evil", "text": "Pakistan closed its airspace to Indian airlines.", "url": url}]})
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["detail"][0]["param"] == "documents.url" and "refused" in body["error"], body
    assert writable.get("/api/stats").json()["documents"] == before


def _cursor(*values) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode().rstrip("=")


@pytest.mark.parametrize("values", [
    ("-date", "2025-05-01", 2 ** 63), ("-date", "2025-05-01", 2 ** 64 + 5), ("goldstein", 2 ** 63, 3),
    ("goldstein", -(2 ** 63) - 1, 3), ("-date", "2025-05-01", -1), ("goldstein", 1e309, 3),
    ("-date", "2025-05-01", True), ("-date", ["x"], 1)])
def test_forged_cursors_are_400_not_500(writable, values):
    sort = values[0]
    answer = writable.get("/api/events", params={"sort": sort, "cursor": _cursor(*values)})
    assert answer.status_code == 400, answer.text
    assert answer.json()["detail"][0]["param"] == "cursor"


def test_a_locked_store_does_not_tell_its_path(tmp_path, monkeypatch):
    """Another process holding the store's write lock past the busy timeout: the reader raises
    the store's own error (which names the file, for the operator), the client learns only that
    the store is busy."""
    from flashpoint.store import pages
    from flashpoint.store.errors import errors

    (tmp_path / "secret-folder").mkdir()
    db = build_store(tmp_path / "secret-folder" / "store.db")

    def locked(*args, **kwargs):
        with errors(db):
            raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(pages, "count_events", locked)
    app = create_app(WebConfig(db=db, allowed_hosts=("testserver",), warm_dyads=-1), coder=Coder())
    with TestClient(app) as client:
        answer = client.get("/api/events", params={"dyad": "USA:PAK"})
    assert answer.status_code == 503, answer.text
    assert str(tmp_path) not in answer.text and "secret-folder" not in answer.text and "store.db" not in answer.text
    assert "busy" in answer.json()["error"] and answer.headers.get("retry-after")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_slow_clients_are_cut_off(tmp_path):
    """20 connections that send half a request and wait are closed once the request deadline
    passes (the configuration `flashpoint serve` runs), and others are served meanwhile."""
    from flashpoint.faces.web.serving import server_config

    db = build_store(tmp_path / "slow.db")
    app = create_app(WebConfig(db=db, warm_dyads=-1), coder=Coder())
    server = uvicorn.Server(server_config(app, "127.0.0.1", _free_port(), request_seconds=1.0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    port = server.config.port
    slow = []
    try:
        for _ in range(20):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(sock)
        time.sleep(0.3)
        for sock in slow[:5]:
            sock.sendall(b"a")  # trickling bytes does not extend the deadline
        time.sleep(2.0)
        closed = 0
        for sock in slow:
            sock.settimeout(1.0)
            try:
                closed += sock.recv(1024) == b""
            except ConnectionResetError:
                closed += 1
            except TimeoutError:
                pass
        assert closed == 20, f"{20 - closed} slow connections still open"
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:  # a prompt client is served
            sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.1 200")
    finally:
        for sock in slow:
            sock.close()
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.slow
def test_coding_time_is_bounded(tmp_path):
    """A text that takes longer to code than the server allows is stopped (413, saying so),
    and the coder serves the next text."""
    db = build_store(tmp_path / "code.db")
    coder = Coder(budget=1.0)
    coder.preload().join(timeout=180)
    app = create_app(WebConfig(db=db, allowed_hosts=("testserver",), warm_dyads=-1, max_code_bytes=200_000),
                     coder=coder)
    long_text = " ".join(f"Pakistan accused India of shelling the village number {n} near Poonch on Tuesday, "
                         f"and India said its forces struck posts near Kotli in reply." for n in range(700))
    with TestClient(app) as client:
        began = time.monotonic()
        answer = client.post("/api/code", json={"text": long_text[:100_000], "published": "2025-05-08"})
        took = time.monotonic() - began
        assert answer.status_code == 413, answer.text[:300]
        assert "over 1 s" in answer.json()["error"] and "--code-seconds" in answer.json()["error"]
        assert took < 10
        coder.preload().join(timeout=180)  # a fresh worker (loading is not counted against texts)
        short = client.post("/api/code", json={"text": "Pakistan closed its airspace to Indian airlines.",
                                               "published": "2025-04-24"})
        assert short.status_code == 200 and short.json()["events"], short.text[:300]
