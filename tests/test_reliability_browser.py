"""Hostile articles that came in through ingest (an HTML page, an RSS feed, JSON Lines), not
through the API, shown in the dashboard in Debian's Chromium: no payload runs, wherever it sits
(article text, title, outlet, URL, document id, actor text).

tests/test_web_browser.py checks payloads posted through the API; this adds the file readers'
paths (trafilatura decodes entities into literal markup; feeds carry CDATA and double escapes)
and more payload shapes. Skipped cleanly without Playwright or Chromium (never `playwright
install`).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("uvicorn")

CHROMIUM = os.environ.get("FLASHPOINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

from test_reliability_web import Server, _free_port  # noqa: E402
from test_web_browser import browser, open_dashboard, show_document_events  # noqa: E402, F401 - browser: the shared fixture

from flashpoint.faces.web import WebConfig, create_app  # noqa: E402
from flashpoint.faces.web.coding import Coder  # noqa: E402
from flashpoint.ingest import read_sources  # noqa: E402
from flashpoint.ingest.fetch import FetchPolicy  # noqa: E402
from flashpoint.runner import ingest  # noqa: E402
from flashpoint.store import Store  # noqa: E402

MARK = "window.__pwned"
PAYLOADS = [
    f"<script>{MARK}='script'</script>",
    f"<img src=x onerror=\"{MARK}='img'\">",
    f"<svg/onload={MARK}='svg'>",
    f"\"><script>{MARK}='attr'</script>",
    f"</textarea></title><script>{MARK}='breakout'</script>",
    f"<iframe srcdoc=\"<script>parent.{MARK}='iframe'</script>\"></iframe>",
    f"<a href=\"javascript:{MARK}='link'\">read more</a>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=\"{MARK}='math'\">",
    f"{{{{constructor.constructor('{MARK}=1')()}}}}",
    f"<details open ontoggle=\"{MARK}='toggle'\">",
]
STRIKE = "Indian forces struck army posts near Poonch on Wednesday, officials said."
ACCUSE = "Pakistan accused India of an act of war on Wednesday."


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_hostile_inputs(folder: Path) -> dict[str, str]:
    """An HTML page, a feed and JSON Lines records, each carrying every payload; returns the
    document ids to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    joined = " ".join(PAYLOADS)
    paragraphs = "".join(f"<p>{_escape(payload)} {STRIKE if n % 2 else ACCUSE}</p>" for n, payload in enumerate(PAYLOADS))
    (folder / "page.html").write_text(
        f"<!doctype html><html><head><title>Strikes {_escape(PAYLOADS[0])}</title>"
        f'<meta property="og:site_name" content="{_escape(PAYLOADS[1])}">'
        f'<meta name="date" content="2025-05-08"></head><body><article><h1>Strikes</h1>'
        f"<p>NEW DELHI, May 8 – {STRIKE}</p>{paragraphs}</article></body></html>", encoding="utf-8")
    items = "".join(
        f"<item><title><![CDATA[{payload}]]></title><link>https://example.org/feed/{n}</link><guid>feed-{n}</guid>"
        f"<pubDate>Thu, 08 May 2025 10:00:00 GMT</pubDate>"
        f"<description>{_escape(_escape(payload))} {_escape(STRIKE)}</description></item>"
        for n, payload in enumerate(PAYLOADS[:4]))
    (folder / "feed.rss").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title><![CDATA[{PAYLOADS[2]}]]></title>'
        f"{items}</channel></rss>", encoding="utf-8")
    records = [
        {"id": "jsonl-text", "published": "2025-05-08", "text": f"NEW DELHI, May 8 – {STRIKE} {joined} {ACCUSE}",
         "title": PAYLOADS[4], "outlet": PAYLOADS[5], "url": "https://example.org/jsonl-text"},
        {"id": PAYLOADS[1], "published": "2025-05-08", "text": f"{PAYLOADS[7]} {STRIKE}"},
        # refused at ingest (a recorded failure), so never shown as a link
        {"id": "jsonl-js-url", "published": "2025-05-08", "text": STRIKE, "url": f"javascript:{MARK}='url'"},
        {"id": "jsonl-data-url", "published": "2025-05-08", "text": ACCUSE,
         "url": "data:text/html,<script>window.__pwned='data'</script>"},
        {"id": "jsonl-actor", "published": "2025-05-08",
         "text": f"The group {PAYLOADS[2]} attacked Indian soldiers near Pahalgam on Wednesday."},
    ]
    (folder / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return {"page": "page", "feed": "feed-1", "jsonl": "jsonl-text", "jsonl-id": PAYLOADS[1]}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, pipeline):
    folder = tmp_path_factory.mktemp("hostile")
    ids = write_hostile_inputs(folder / "inputs")
    db = folder / "hostile.db"
    with Store(db) as store:
        ingest(store, read_sources([str(folder / "inputs")], policy=FetchPolicy(enabled=False)), pipeline=pipeline)
        refused = {doc.doc_id: doc.reason for doc in store.documents(status="failed")}
    assert "javascript: is not allowed" in refused["jsonl-js-url"], refused
    assert "data: is not allowed" in refused["jsonl-data-url"], refused
    app = create_app(WebConfig(db=db), coder=Coder(pipeline))
    with Server(app, _free_port()) as server:
        yield server, ids


def test_ingested_payloads_never_run_in_the_dashboard(browser, hostile_server):
    server, ids = hostile_server
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=server.url, bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda request: request.url.startswith(server.url) or request.url.startswith("data:")
            or problems.append(f"off-site request: {request.url}"))
    try:
        open_dashboard(page)
        shown = []
        for doc_id in ids.values():
            shown += show_document_events(page, doc_id)
        everything = "\n".join(shown)
        assert PAYLOADS[0] in everything and "onerror" in everything  # shown, as text
        assert page.evaluate(MARK) is None, page.evaluate(MARK)
        assert page.locator("a[href^='javascript' i], a[href^='data:' i]").count() == 0
        assert page.locator("#detail img, #detail iframe, #detail svg, #detail details, #detail math").count() == 0
        assert page.locator("#events-table img, #events-table iframe, #events-table svg").count() == 0
        assert not problems, problems
    finally:
        context.close()
