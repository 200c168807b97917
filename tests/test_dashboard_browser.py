"""Issue 16 in a real browser (Debian's Chromium driven by Playwright), on the coded sample corpus:
the dashboard and report.html as an analyst uses them.

Each "Done when" item of the issue is a test here: the 7 May strikes on 7 May in the chart, the
alerts and the report; a bar and the table count the same events; a bad filter shows an error
beside the form and the next query clears it; names work where codes are asked for; reload, back
and forward restore the view; the global date range filters every panel; the export downloads
what the table lists; a phone shows everything without sideways scrolling; axe-core (vendored in
tests/vendor/) finds no serious or critical violation on the dashboard, an open event and
report.html. Screenshots of the desktop (1440×900) and phone (390×844) dashboards and of
report.html go to $FLASHPOINT_ARTIFACTS (as tests/test_web_browser.py's).

Two coder mistakes the dashboard shows but cannot fix are expected failures naming the fix.
"""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import threading
import time
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from test_web_browser import CHROMIUM, artifacts, browser  # noqa: E402, F401 - the shared fixtures

from flashpoint.datafiles import DATA_ROOT  # noqa: E402
from flashpoint.faces.report import write_report  # noqa: E402
from flashpoint.faces.web import WebConfig, create_app  # noqa: E402
from flashpoint.faces.web.coding import Coder  # noqa: E402
from flashpoint.ingest import read_sources  # noqa: E402
from flashpoint.runner import ingest  # noqa: E402
from flashpoint.store import Store  # noqa: E402

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}
MAY_7 = "2025-05-07"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, pipeline) -> Path:
    path = tmp_path_factory.mktemp("dashboard") / "sample.db"
    with Store(path) as store:
        ingest(store, read_sources([str(DATA_ROOT / "sample" / "reports.jsonl")]), pipeline=pipeline)
    return path


@pytest.fixture(scope="module")
def server(sample_db, pipeline):
    app = create_app(WebConfig(db=sample_db, warm_dyads=-1), coder=Coder(pipeline))
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
def report(sample_db, artifacts) -> Path:
    out = artifacts / "report.html"
    with Store(sample_db) as store:
        write_report(store, out)
    return out


def new_page(browser, server, viewport=DESKTOP, **options):
    # bypass_csp: Playwright's waits and axe are injected scripts, which the CSP rightly forbids
    context = browser.new_context(viewport=viewport, base_url=server, bypass_csp=True, accept_downloads=True,
                                  **options)
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))  # unhandled rejections too
    page.on("request", lambda request: request.url.startswith((server, "data:", "file:"))
            or page.problems.append(f"off-site request: {request.url}"))
    return page


@pytest.fixture()
def page(browser, server):
    page = new_page(browser, server)
    yield page
    assert not page.problems, page.problems  # type: ignore[attr-defined]
    page.context.close()


def open_view(page, hash_: str = "") -> None:
    page.goto("/" + hash_)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    settled(page)


def settled(page) -> None:
    """The table, the chart and the alerts have answered (none says "loading…")."""
    page.wait_for_function("""() => ['events-caption', 'chart-caption', 'alerts-caption'].every(
        (id) => !document.getElementById(id).textContent.includes('loading'))
        && !document.querySelector('#events-table[aria-busy]')""", timeout=30_000)


def table_count(page) -> int:
    return int(page.locator("#events-caption").get_attribute("data-count"))


def hash_params(page) -> dict[str, str]:
    return dict(part.split("=", 1) for part in page.evaluate("location.hash").lstrip("#").split("&") if "=" in part)


def click_bar(page, day: str) -> int:
    bar = page.locator(f"#chart g.bucket[data-start='{day}']")
    count = int(bar.get_attribute("data-count"))
    bar.locator("rect.hit").click()
    page.wait_for_function(f"location.hash.includes('on={day}')")
    settled(page)
    return count


# -- the 7 May strikes on 7 May ---------------------------------------------------------------------

def test_the_7_may_strikes_are_on_7_may_in_chart_alerts_and_report(page, report):
    open_view(page)
    assert hash_params(page)["dyad"] == "IND:PAK"  # opens on the busiest dyad
    bar = page.locator(f"#chart g.bucket[data-start='{MAY_7}']")
    assert int(bar.get_attribute("data-count")) >= 2 and bar.locator("rect.q4").count() == 1
    assert "escalation alert" in bar.get_attribute("aria-label")
    alert = page.locator(f"#alerts li.alert[data-date='{MAY_7}']")
    quote = alert.locator(".quote").inner_text()
    assert "struck nine" in quote or "missile strikes" in quote, quote
    assert "Thursday" not in quote
    click_bar(page, MAY_7)
    page.wait_for_selector("#detail .article .m-evidence.focus")
    listed = page.locator("#events-table tbody").inner_text()
    assert "7 May 2025" in listed and "8 May 2025" not in listed
    sentences = page.locator("#detail .mentions").inner_text()
    assert "Thursday" not in sentences  # none of its reports tells of the strikes of 8 May
    html = report.read_text(encoding="utf-8")
    card = html[html.index("<h3>7 May 2025 · India – Pakistan</h3>"):]
    card = card[:card.index('<div class="alert">')] if '<div class="alert">' in card else card
    card = re.sub(r"<[^>]+>", "", card)  # the trigger is marked up: <mark>struck</mark>
    assert "struck nine locations" in card or "missile strikes on nine sites" in card
    assert "on Thursday" not in card


# -- one count ------------------------------------------------------------------------------------

def test_a_bar_and_the_table_count_the_same_events_in_both_views(page):
    open_view(page)
    for day in (MAY_7, "2025-05-08", "2025-05-10", "2025-04-24"):
        assert click_bar(page, day) == table_count(page), day
    page.locator("#view-toggle input[value=events]").check()  # count reports
    page.wait_for_function("location.hash.includes('view=events')")
    settled(page)
    page.wait_for_function("document.querySelector('#chart-caption').textContent.includes('reports,')")
    for day in (MAY_7, "2025-05-08", "2025-05-10"):
        assert click_bar(page, day) == table_count(page), day
    assert "reports match" in page.locator("#events-caption").inner_text()


# -- errors and recovery --------------------------------------------------------------------------

def test_bad_filters_show_an_error_beside_the_form_and_clear_on_the_next_query(page):
    open_view(page, "#dyad=IND:PAK&cameo=19x")
    error = page.locator("#filters-error")
    assert error.is_visible() and "cameo" in error.inner_text()
    assert page.locator("#events-table tbody tr[data-event]").count() == 0  # no stale rows
    assert page.locator("#filters select[name=cameo][aria-invalid]").count() == 1
    assert "loading" not in page.locator("#events-caption").inner_text()
    page.select_option("#filters select[name=cameo]", "19")
    page.click("#filters button[type=submit]")
    page.wait_for_function("location.hash.includes('cameo=19&') || location.hash.endsWith('cameo=19')")
    settled(page)
    assert not error.is_visible() and page.locator("#events-table tbody tr[data-event]").count() > 0

    # From after To: said beside the dates, nothing asked of the server; clearing them recovers
    page.fill("#range-since", "2025-05-10")
    page.fill("#range-until", "2025-05-01")
    page.click("#range-form button[type=submit]")
    page.wait_for_selector("#range-error:not([hidden])")
    assert "after To" in page.locator("#range-error").inner_text()
    page.click("#range-clear")
    page.wait_for_selector("#range-error[hidden]", state="attached")
    settled(page)
    assert page.locator("#events-table tbody tr[data-event]").count() > 0

    # a date the server refuses (30 February) comes back as an error beside the form
    open_view(page, "#dyad=IND:PAK&since=2025-02-30")
    assert "since" in page.locator("#filters-error").inner_text()


# -- names ----------------------------------------------------------------------------------------

def test_names_work_where_codes_are_asked_for(page):
    open_view(page, "#dyad=USA:IND")
    page.fill("#dyad-a", "India")
    page.fill("#dyad-b", "Pakistan")
    page.click("#dyad-form button[type=submit]")
    page.wait_for_function("location.hash.includes('dyad=IND:PAK')")  # the names become codes
    settled(page)
    assert "India – Pakistan" in page.locator("#chart-caption").inner_text()
    page.fill("#filters input[name=actor]", "Pakistan")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#notes li")
    assert "read “Pakistan” as PAK" in page.locator("#notes").inner_text()
    assert table_count(page) > 0
    page.fill("#filters input[name=actor]", "XYZQ")
    page.click("#filters button[type=submit]")
    page.wait_for_function("document.querySelector('#notes').textContent.includes('XYZQ')")
    assert "no actor code in this store starts with XYZQ" in page.locator("#notes").inner_text()
    page.locator("#dyad-a").fill("")
    page.locator("#dyad-a").type("paki", delay=30)  # suggestions as one types
    page.wait_for_selector("#actor-list-a option[value='PAK']", state="attached")
    assert "Pakistan" in page.locator("#actor-list-a option[value='PAK']").text_content()


# -- the URL is the view --------------------------------------------------------------------------

def test_reload_back_and_forward_restore_the_view(page):
    open_view(page)
    page.locator("#filters input[name=quad][value='4']").check()
    page.click("#filters button[type=submit]")
    page.wait_for_function("location.hash.includes('quad=4')")
    settled(page)
    page.fill("#range-since", "2025-05-01")
    page.fill("#range-until", "2025-05-10")
    page.click("#range-form button[type=submit]")
    page.wait_for_function("location.hash.includes('since=2025-05-01')")
    settled(page)
    page.locator("#events-table tbody tr[data-event] button.linkish").first.click()
    page.wait_for_function("location.hash.includes('event=')")
    page.wait_for_selector("#detail dl.fields")
    opened = hash_params(page)["event"]
    state, rows = page.url, table_count(page)

    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    settled(page)
    page.wait_for_selector(f"#detail dl.fields[data-event='{opened}']")  # the open event is a permalink
    assert page.url == state and table_count(page) == rows
    assert page.locator("#filters input[name=quad][value='4']").is_checked()
    assert page.input_value("#range-since") == "2025-05-01" and page.input_value("#range-until") == "2025-05-10"

    page.go_back()  # before the event was opened
    page.wait_for_function("!location.hash.includes('event=')")
    page.go_back()  # before the range
    page.wait_for_function("!location.hash.includes('since=')")
    settled(page)
    assert page.input_value("#range-since") == "" and page.locator("#filters input[name=quad][value='4']").is_checked()
    page.go_forward()
    page.wait_for_function("location.hash.includes('since=2025-05-01')")
    settled(page)
    assert page.input_value("#range-since") == "2025-05-01" and table_count(page) == rows


# -- one period for every panel -------------------------------------------------------------------

def test_the_global_range_filters_every_panel(page, server):
    open_view(page)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.fill("#range-since", "2025-05-07")
    page.fill("#range-until", "2025-05-08")
    page.click("#range-form button[type=submit]")
    page.wait_for_function("location.hash.includes('until=2025-05-08')")
    settled(page)
    page.wait_for_function("document.querySelector('#network svg, #network p')")
    for route in ("/api/timeline?", "/api/events?", "/api/map?", "/api/alerts?", "/api/network?"):
        mine = [url for url in asked if route in url]
        assert mine and all("since=2025-05-07" in url and "until=2025-05-08" in url for url in mine), route
    starts = [bar.get_attribute("data-start") for bar in page.locator("#chart g.bucket").all()]
    assert starts == [MAY_7, "2025-05-08"]  # the chart
    dates = page.locator("#events-table tbody td.c-date").all_inner_texts()
    assert dates and set(dates) <= {"7 May 2025", "8 May 2025"}  # the table
    alerts = [item.get_attribute("data-date") for item in page.locator("#alerts li.alert").all()]
    assert alerts and set(alerts) <= {MAY_7, "2025-05-08"}  # the alerts
    import httpx

    expected = httpx.get(f"{server}/api/map", params={"dyad": "IND:PAK", "since": MAY_7, "until": "2025-05-08",
                                                       "view": "merged"}).json()["places"]
    assert page.locator("#map-caption").inner_text().startswith(f"{len(expected)} place")  # the map

    # brushing the chart sets the range too
    open_view(page, "#dyad=IND:PAK")
    start = page.locator("#chart g.bucket[data-start='2025-05-01'] rect.hit").bounding_box()
    end = page.locator("#chart g.bucket[data-start='2025-05-10'] rect.hit").bounding_box()
    page.mouse.move(start["x"] + 2, start["y"] + 120)
    page.mouse.down()
    page.mouse.move(end["x"] + 2, end["y"] + 120, steps=6)
    page.mouse.up()
    page.wait_for_function("location.hash.includes('since=2025-05-01') && location.hash.includes('until=2025-05-10')")


# -- export ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["merged", "events"])
def test_export_downloads_what_the_table_shows(page, view):
    open_view(page, f"#dyad=IND:PAK&quad=4&view={view}&limit=250")
    shown = {row.get_attribute("data-event") for row in page.locator("#events-table tbody tr[data-event]").all()}
    assert len(shown) == table_count(page) > 0
    with page.expect_download() as csv_download:
        page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8"))))
    column = "representative_event_id" if view == "merged" else "event_id"
    assert {row[column] for row in rows} == shown and len(rows) == len(shown)
    with page.expect_download() as json_download:
        page.click("#export-json")
    records = [json.loads(line) for line in Path(json_download.value.path()).read_text(encoding="utf-8").splitlines()]
    ids = {r["representative"]["event_id"] if view == "merged" else r["event_id"] for r in records}
    assert ids == shown


# -- what analysts expect -------------------------------------------------------------------------

def test_sorting_glossary_pickers_rule_in_words_compare_and_rolling_line(page):
    open_view(page, "#dyad=IND:PAK&cmp=USA:IND")
    assert page.locator("#chart polyline.compare").count() == 1 and page.locator("#chart polyline.rolling").count() == 1
    assert "United States – India" in page.locator("#chart-legend").inner_text()
    assert page.locator("#chart .axis-title").count() == 3
    page.locator("#events-table th button[data-sort='goldstein']").click()
    page.wait_for_function("location.hash.includes('sort=goldstein')")
    settled(page)
    values = [float(td.get_attribute("data-goldstein")) for td in page.locator("#events-table tbody td.c-kind").all()]
    assert values == sorted(values)
    assert page.locator("#events-table th[aria-sort]").count() == 1
    assert page.locator("#filters select[name=cameo] option[value='190']").count() == 1
    assert page.locator("#filters select[name=plover] option[value='ASSAULT']").count() == 1
    page.fill("#glossary-search", "SDNREB")
    assert "Sudan (rebels)" in page.locator("#glossary").inner_text()
    page.fill("#glossary-search", "---GOV")
    assert "government, country unknown" in page.locator("#glossary").inner_text()
    page.locator("#events-table tbody tr[data-event] button.linkish").first.click()
    page.wait_for_selector("#detail dl.fields")
    why = page.locator("#detail dl.fields dd").last.inner_text()
    assert why.startswith(("Lexicon entry", "The statistical model")), why


def test_map_legend_zoom_clusters_and_network(page):
    open_view(page)
    page.wait_for_selector("#map svg.worldmap g.place")
    assert "mostly conflict" in page.locator("#map .map-legend").inner_text()
    assert "Datelines" in page.locator("#map .map-legend").inner_text()
    before = page.locator("#map g.zoomed").get_attribute("transform")
    page.click("#map button[aria-label='zoom in']")
    assert page.locator("#map g.zoomed").get_attribute("transform") != before
    places = page.locator("#map g.place").count()
    page.click("#map button[aria-label='zoom out']")
    assert page.locator("#map g.place").count() <= places  # nearby places cluster when zoomed out
    names = " ".join(page.locator("#map g.place").evaluate_all("(gs) => gs.map((g) => g.getAttribute('aria-label'))"))
    assert "Washington" not in names  # a dateline is not where an event happened
    page.wait_for_selector("#network g.edge")
    page.locator("#network g.edge[aria-label^='United States → India']").focus()  # an arrow, by keyboard
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash.includes('dyad=USA:IND')")


def test_alerts_filter_by_dyad_and_kind_and_opening_one_keeps_the_page_still(page):
    open_view(page, "#dyad=USA:IND")
    # the alerts may render just after the captions settle: count them once they are there
    page.wait_for_function("document.querySelectorAll('#alerts li.alert').length > 0", timeout=30_000)
    every = page.locator("#alerts li.alert").count()
    page.locator("#alerts-form input[name=kind][value=new_force_root]").check()
    page.wait_for_function("location.hash.includes('akind=new_force_root')")
    settled(page)
    # the filtered list is drawn after the hash changes: wait for it (CI once read it empty in between)
    page.wait_for_function("document.querySelectorAll('#alerts li.alert .badge').length > 0", timeout=30_000)
    kinds = page.locator("#alerts li.alert .badge").all_inner_texts()
    assert kinds and all("first use of force" in kind for kind in kinds) and len(kinds) <= every
    page.locator("#alerts-form input[name=mine]").check()  # only the dyad shown: USA-IND has none
    page.wait_for_function("location.hash.includes('amine=1')")
    settled(page)
    assert page.locator("#alerts li.alert").count() == 0
    open_view(page, "#dyad=IND:PAK")
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(f"#alerts li.alert[data-date='{MAY_7}'] button.alert-open").click()
    page.wait_for_function(f"location.hash.includes('on={MAY_7}') && location.hash.includes('event=')")
    page.wait_for_selector("#detail .article .m-evidence.focus")
    assert page.evaluate("window.scrollY") == 0  # the chart stays where it was
    assert page.locator("#chart g.bucket.picked").get_attribute("data-start") == MAY_7


# -- a phone --------------------------------------------------------------------------------------

def test_a_phone_shows_everything_without_sideways_scrolling(browser, server, report, artifacts):
    page = new_page(browser, server, PHONE, has_touch=True, is_mobile=True)
    try:
        open_view(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.locator("header.top").bounding_box()["height"] < 150  # a compact header
        page.screenshot(path=str(artifacts / "dashboard-phone.png"))
        page.screenshot(path=str(artifacts / "dashboard-phone-full.png"), full_page=True)
        page.locator(f"#chart g.bucket[data-start='{MAY_7}'] rect.hit").tap()  # a tap shows the numbers
        page.wait_for_selector("#tip:not([hidden])")
        assert "7 May 2025" in page.locator("#tip").inner_text()
        page.wait_for_function("location.hash.includes('event=')")
        page.wait_for_selector("#detail .article .m-evidence.focus")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.goto(report.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(artifacts / "report-phone.png"))
        assert not page.problems, page.problems  # type: ignore[attr-defined]
    finally:
        page.context.close()


def test_desktop_screenshots(page, report, artifacts):
    open_view(page)
    page.screenshot(path=str(artifacts / "dashboard-desktop.png"))
    page.fill("#code-text", "ISLAMABAD, April 24 - Pakistan closed its airspace to Indian airlines on Thursday and "
                            "suspended all trade with India, including trade through third countries, officials said.")
    page.click("#code-submit")
    page.wait_for_function("document.querySelector('#code-status').textContent.includes('events in')", timeout=60_000)
    wide = page.evaluate("[...document.querySelectorAll('#code-panel, #code-panel *')].filter((n) => "
                         "n.getBoundingClientRect().right > document.querySelector('#code-panel')"
                         ".getBoundingClientRect().right + 1).length")
    assert wide == 0  # the coded text's table and article stay inside their panel
    page.screenshot(path=str(artifacts / "dashboard-desktop-full.png"), full_page=True)
    click_bar(page, MAY_7)
    page.wait_for_selector("#detail .article .m-evidence.focus")
    page.screenshot(path=str(artifacts / "dashboard-desktop-event.png"), full_page=True)
    page.goto(report.as_uri())
    page.screenshot(path=str(artifacts / "report-desktop.png"))
    page.screenshot(path=str(artifacts / "report-desktop-full.png"), full_page=True)


# -- accessibility --------------------------------------------------------------------------------

def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter((v) => ['serious', 'critical'].includes(v.impact))
        .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)""")
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_serious_violation(browser, server, report, viewport):
    page = new_page(browser, server, viewport)
    try:
        open_view(page)
        assert serious_violations(page) == [], "dashboard"
        click_bar(page, MAY_7)
        page.wait_for_selector("#detail .article .m-evidence.focus")
        assert serious_violations(page) == [], "an open event"
        page.goto(report.as_uri())
        assert serious_violations(page) == [], "report.html"
    finally:
        page.context.close()


# -- coder mistakes the dashboard shows (fixed in the coder, not here) ----------------------------

def test_the_india_pakistan_map_has_no_place_in_a_third_country(page):
    open_view(page)
    page.wait_for_selector("#map g.place")
    labels = page.locator("#map g.place").evaluate_all("(gs) => gs.map((g) => g.getAttribute('aria-label'))")
    assert not [label for label in labels if "(IRN)" in label], labels


def test_no_alert_quotes_a_missile_test(page):
    open_view(page)
    quotes = page.locator("#alerts li.alert .quote").all_inner_texts()
    assert not [quote for quote in quotes if "Fatah-series missile" in quote], quotes
