"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

Loads the dashboard, picks India-Pakistan, sees the chart, opens an event and sees its evidence
highlighted in its article, codes a pasted text; then stores articles carrying script and HTML
payloads (through the API, with writes enabled) and checks that none of them runs anywhere they
are shown. Screenshots go to $FLASHPOINT_ARTIFACTS (default: a temporary folder, printed).

Skipped cleanly when Playwright or Chromium is absent (CI installs Debian's chromium in .ci/run;
never `playwright install`).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("uvicorn")

from test_web_api import IMG, JS_URL, SCRIPT, SVG, build_store  # noqa: E402 - the same test store

from flashpoint.faces.web import WebConfig, create_app  # noqa: E402
from flashpoint.faces.web.coding import Coder  # noqa: E402

CHROMIUM = os.environ.get("FLASHPOINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
PASTED = ("ISLAMABAD, April 24 - Pakistan closed its airspace to Indian airlines on Thursday "
          "and suspended all trade with India.")
#: Articles posted through the API with writes enabled: each carries payloads in a different field.
POSTED = [
    {"id": "posted/script", "published": "2025-04-24", "outlet": f"Outlet {SVG}",
     "title": f"Airspace {SCRIPT}", "url": "https://example.org/airspace",
     "text": f"Pakistan closed its airspace to Indian airlines. {SCRIPT} {IMG} Officials said more could follow."},
    {"id": "posted/img", "published": "2025-04-25", "title": IMG, "url": "https://example.org/indus",
     "text": f"{IMG} India suspended the Indus Waters Treaty with Pakistan. <a href=\"javascript:alert(2)\">x</a>"},
]

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("FLASHPOINT_ARTIFACTS") or Path(tempfile.gettempdir()) / "flashpoint-web-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    """The app over the test store on a free loopback port, writes enabled for the payload test."""
    import uvicorn

    db = build_store(tmp_path_factory.mktemp("browser") / "browser.db")
    app = create_app(WebConfig(db=db, allow_writes=True), coder=Coder(pipeline))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except Exception as error:  # a broken or incompatible Chromium: skip, do not fail the suite
            pytest.skip(f"cannot start {CHROMIUM}: {error}")
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server):
    # bypass_csp: Playwright's waits evaluate strings, which the dashboard's CSP forbids; and with
    # the CSP off, the payload test proves the rendering itself is safe (the CSP is a second line,
    # checked in test_web_api).
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=server, bypass_csp=True)
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    # Every request must stay on this server: nothing from a CDN.
    page.on("request", lambda request: request.url.startswith(server) or request.url.startswith("data:")
            or page.problems.append(f"off-site request: {request.url}"))
    yield page
    context.close()


def open_dashboard(page) -> None:
    page.goto("/")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)


def test_dashboard_dyad_chart_event_evidence_and_coding(page, artifacts):
    open_dashboard(page)  # opens on the busiest dyad
    assert page.locator("#dyad-select option[value='IND:PAK']").count() == 1
    assert "dyad=IND:PAK" in page.url
    page.wait_for_selector("#chart svg.timeline rect.q4")
    page.wait_for_function("document.querySelector('#chart-caption').textContent.includes('real-world events')")
    assert page.locator("#chart svg.timeline rect.q1").count() > 10  # the quiet weeks of praise
    assert page.locator("#chart polyline.goldstein").count() == 1
    assert page.locator("#chart .alert-mark").count() >= 1
    page.wait_for_selector("#events-table tbody tr[data-event]")
    page.wait_for_selector("#map svg.worldmap .places circle")
    assert page.locator("#map svg .countries path").count() > 100  # the vendored world map
    page.screenshot(path=str(artifacts / "1-dyad-timeline.png"), full_page=True)

    # a bar of the strikes' day: the table lists that day's real-world events, the weightiest opens
    bar = page.locator("#chart g.bucket[data-start='2025-05-07']")
    count = bar.get_attribute("data-count")
    bar.locator("rect.hit").click()
    page.wait_for_function(f"document.querySelector('#events-caption').textContent.startsWith('{count} real-world')")
    page.wait_for_selector("#detail .article .focus")
    focused = page.locator("#detail .article .m-evidence.focus").all_inner_texts()
    assert "struck army posts near Poonch" in "".join(focused) or "hit targets" in "".join(focused) \
        or "attacked positions" in "".join(focused)
    trigger = page.locator("#detail .article .m-trigger.focus").first.inner_text()
    assert trigger in ("struck", "hit", "attacked")
    assert page.locator("#detail .article .m-actor.focus").count() >= 2
    assert page.locator("#detail .article .m-place.focus").first.inner_text() == "Poonch"
    assert page.locator("#detail .article .m-date.focus").first.inner_text() == "on Wednesday"
    assert "3 mentions, 3 sources, 3 articles" in page.locator("#detail .merged h3").inner_text()
    page.screenshot(path=str(artifacts / "2-event-evidence.png"), full_page=True)

    # paging: Next and Previous over all reports
    page.locator("#view-toggle input[value=events]").check()
    page.locator("#scope .chip-x").first.click()  # every dyad
    page.click("#filters-clear")
    page.wait_for_function("document.querySelector('#page-info').textContent.startsWith('1–50')")
    page.click("#page-next")
    page.wait_for_function("document.querySelector('#page-info').textContent.startsWith('51–')")
    page.click("#page-prev")
    page.wait_for_function("document.querySelector('#page-info').textContent.startsWith('1–50')")

    # an event from the table
    page.locator("#events-table tbody tr[data-event]").nth(3).click()
    page.wait_for_selector("#detail .article .m-evidence.focus")

    # code this text
    page.fill("#code-text", PASTED)
    page.fill("#code-date", "2025-04-24")
    page.click("#code-submit")
    page.wait_for_function("document.querySelector('#code-status').textContent.includes('events in')",
                           timeout=60_000)
    assert page.locator("#code-result table tbody tr").count() >= 1
    assert "PAK" in page.locator("#code-result table tbody").inner_text()
    assert page.locator("#code-result .article .m-trigger").count() >= 1
    page.locator("#code-panel").screenshot(path=str(artifacts / "3-code-this-text.png"))
    assert not page.problems, page.problems  # type: ignore[attr-defined]


def show_document_events(page, doc_id: str) -> list[str]:
    """Filter the table (of reports) to one article, open each of its events; return what the
    detail showed."""
    if not page.locator("#view-toggle input[value=events]").is_checked():
        page.locator("#view-toggle input[value=events]").check()
    every_dyad = page.locator("#scope .chip-x[aria-label='show every dyad']")
    if every_dyad.count():
        every_dyad.click()
        page.wait_for_function("!location.hash.includes('dyad=')")
    page.fill("#filters input[name=doc]", doc_id)
    with page.expect_response(lambda r: "/api/events?" in r.url and "doc=" in r.url) as answer:
        page.locator("#filters button[type=submit]").click()
    ids = [item["event_id"] for item in answer.value.json()["items"]]
    assert ids, f"no events stored for {doc_id}"
    shown = []
    for event_id in ids:
        page.locator(f"#events-table tbody tr[data-event='{event_id}']").click()
        page.wait_for_selector(f"#detail dl.fields[data-event='{event_id}']")
        page.wait_for_selector("#detail .article .m-evidence.focus")
        shown.append(page.locator("#detail").inner_text())
    return shown


def test_stored_script_payloads_never_run(page, server, artifacts):
    import httpx

    refused = httpx.post(f"{server}/api/documents", timeout=30, json={"documents": [
        {**POSTED[0], "url": "javascript:alert(1)"}]})
    assert refused.status_code == 400 and "javascript: is not allowed" in refused.text  # never stored
    answer = httpx.post(f"{server}/api/documents", json={"documents": POSTED}, timeout=120)
    assert answer.status_code == 200, answer.text
    assert answer.json()["coded"] == 2

    open_dashboard(page)
    shown = []
    for doc_id in ("posted/script", "posted/img", "payload/1"):
        shown += show_document_events(page, doc_id)
    page.screenshot(path=str(artifacts / "4-payloads-as-text.png"), full_page=True)
    everything = "\n".join(shown)
    # shown, as text, wherever they were stored: article text, titles, outlets, actor names, URLs
    for payload in (SCRIPT, IMG, SVG, JS_URL):  # JS_URL: stored by hand in payload/1, shown as text
        assert payload in everything, payload
    table = page.locator("#events-table tbody").inner_text()
    assert SCRIPT in table or "PAKREB" in table

    # a pasted payload, coded and highlighted
    page.fill("#code-text", POSTED[0]["text"])
    page.click("#code-submit")
    page.wait_for_function("document.querySelector('#code-status').textContent.includes('events in')",
                           timeout=60_000)
    assert SCRIPT in page.locator("#code-result .article").inner_text()

    # the alerts list and the dyad list show stored names as text too
    page.wait_for_selector("#alerts li")

    # nothing ran: no marker set, no dialog, no page error, no injected element or link
    assert page.evaluate("window.__pwned") is None
    assert page.locator("a[href^='javascript' i]").count() == 0
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.locator("#detail svg, #code-result svg, #events-table svg, #alerts svg").count() == 0
    assert page.evaluate("document.scripts.length") == 4  # ours: three vendored libraries and app.js
    assert not page.problems, page.problems  # type: ignore[attr-defined]


def test_api_docs_render_offline(page, artifacts):
    """Swagger UI at /docs comes from the vendored bundle and reads this server's schema."""
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .information-container", timeout=30_000)
    page.get_by_text("/api/timeline", exact=True).first.wait_for()
    assert "Flashpoint" in page.locator(".swagger-ui .info").inner_text()
    page.screenshot(path=str(artifacts / "5-api-docs.png"))
    assert not page.problems, page.problems  # type: ignore[attr-defined]
