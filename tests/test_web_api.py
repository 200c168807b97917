"""The HTTP API (`flashpoint serve`): every endpoint, paging through cursors, parameter errors,
size limits, read-only by default, and script payloads stored and returned as plain data.

The store is built with Store.add from hand-made events (no language model), so the tests check
the web face, not the coder; POST /api/code uses the session's real pipeline.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import warnings
from pathlib import Path

import pytest
from factories import actor, event, evidence

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # starlette prefers the httpx2 package; httpx works the same
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from flashpoint.faces.web import WebConfig, create_app
from flashpoint.faces.web.coding import Coder
from flashpoint.records import Actor, CodedDocument, Document, EventDate, Place
from flashpoint.store import Store

STATIC = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "faces" / "web" / "static"

#: Payloads that must stay text wherever they are shown: titles, actor names, article text, URLs.
SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
JS_URL = "javascript:window.__pwned='url'"
SVG = "<svg onload=\"window.__pwned = 'svg'\"></svg>"

NAMES = {"Marco Rubio": "Marco Rubio", SCRIPT: SCRIPT, f"The group {IMG}": f"The group {IMG}"}
PLACES = {"Poonch": ("IND", 33.77, 74.09), "Pahalgam": ("IND", 34.02, 75.32), "Islamabad": ("PAK", 33.69, 73.05),
          "Washington": ("USA", 38.90, -77.04)}


def _actor(text: str, sentence: str, base: int, code: str, name: str | None = None) -> Actor:
    return actor(code, base + sentence.index(text), text=text, name=name, rule="test")


def make_document(doc_id: str, published: dt.date, sentences: list[tuple], *, title: str | None = None,
                  url: str | None = None, outlet: str = "Test Wire") -> CodedDocument:
    """A document whose events point at their own words. Each sentence is (text, source words,
    source code, trigger, target words, target code, CAMEO, days before publication, place or
    None (undated), place or None, date words or None), or a plain string for a sentence without an
    event."""
    text, events, base = "", [], 0
    for index, item in enumerate(sentences):
        sentence = item if isinstance(item, str) else item[0]
        base = len(text)
        text += sentence + " "
        if isinstance(item, str):
            continue
        _, source_words, source_code, trigger, target_words, target_code, cameo, ago, place, date_words = item
        location = None
        if place:
            country, lat, lon = PLACES[place]
            at = base + sentence.index(place)
            location = Place(name=place, country=country, lat=lat, lon=lon, feature="city", text=place,
                             span=(at, at + len(place)), origin="clause")
        events.append(event(
            doc_id, _actor(source_words, sentence, base, source_code, name=NAMES.get(source_words)), cameo,
            _actor(target_words, sentence, base, target_code) if target_words else None,
            evidence=evidence(sentence, trigger, index=index, start=base),
            date=(EventDate(published - dt.timedelta(days=ago), "day", date_words, "expression") if ago is not None
                  else EventDate(None, None)),
            location=location))
    document = Document(doc_id=doc_id, text=text.rstrip(), source="test", title=title, url=url, outlet=outlet,
                        published=published, report_date=published, date_origin="published")
    return CodedDocument(document, events)


def corpus() -> list[CodedDocument]:
    """A small India-Pakistan crisis (quiet cooperation, then strikes on 7 May 2025 reported by
    three outlets), a US call, many routine statements to page through, and articles carrying
    script payloads in their titles, URLs, actor names and text."""
    day = dt.date(2025, 5, 8)
    docs = [
        make_document("wire/strike-1", day, [
            "NEW DELHI, May 8 - Tensions rose sharply overnight.",
            ("Indian forces struck army posts near Poonch on Wednesday.", "Indian forces", "INDMIL",
             "struck", "army posts", "PAKMIL", "190", 1, "Poonch", "on Wednesday"),
            ("Pakistan accused India of an act of war.", "Pakistan", "PAK", "accused", "India", "IND", "112", 1,
             None, None),
        ], title="India strikes camps", url="https://example.org/strike-1", outlet="Global Desk"),
        make_document("wire/strike-2", day, [
            ("The Indian army hit targets near Poonch on Wednesday.", "The Indian army", "INDMIL", "hit",
             "targets", "PAKMIL", "190", 1, "Poonch", "on Wednesday"),
        ], title="Army hits targets", url="https://example.org/strike-2", outlet="Deccan Wire"),
        make_document("wire/strike-3", day, [
            ("Indian troops attacked positions near Poonch on Wednesday.", "Indian troops", "INDMIL", "attacked",
             "positions", "PAKMIL", "190", 1, "Poonch", "on Wednesday"),
        ], title="Troops attack positions", url="https://example.org/strike-3", outlet="Indus Herald"),
        make_document("wire/call", dt.date(2025, 4, 30), [
            ("Marco Rubio spoke with Shehbaz Sharif from Washington on Tuesday.", "Marco Rubio", "USAGOV", "spoke with",
             "Shehbaz Sharif", "PAKGOV", "042", 1, "Washington", "on Tuesday"),
        ], title="Rubio calls Sharif", url="https://example.org/call", outlet="Capital Ledger"),
        make_document("wire/undated", dt.date(2025, 5, 2), [
            ("Pakistan warned India once more.", "Pakistan", "PAK", "warned", "India", "IND", "130", None, None, None),
        ], title="An undated warning"),
    ]
    for number in range(60):  # quiet weeks before the crisis: something to page through
        published = dt.date(2025, 3, 1) + dt.timedelta(days=number)
        docs.append(make_document(f"routine/{number:02d}", published, [
            (f"India praised Pakistan for talks number {number}.", "India", "IND", "praised", "Pakistan", "PAK",
             "051", 0, None, None),
        ], title=f"Routine {number}", outlet=f"Outlet {number % 4}"))
    docs.append(make_document("payload/1", dt.date(2025, 5, 6), [
        f"Reports {SCRIPT} and {IMG} and {SVG} circulated.",
        (f"The group {IMG} attacked Indian soldiers near Pahalgam on Monday.", f"The group {IMG}", "---REB",
         "attacked", "Indian soldiers", "INDMIL", "190", 2, "Pahalgam", "on Monday"),
        (f"{SCRIPT} threatened India on Monday.", SCRIPT, "PAKREB", "threatened", "India", "IND", "130", 2, None,
         "on Monday"),
    ], title=f"Payload {SCRIPT}{IMG}", url=JS_URL, outlet=f"Outlet {SVG}"))
    return docs


def build_store(path: Path) -> Path:
    with Store(path) as store:
        store.add(corpus())
        store.refresh_merges()
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db, pipeline) -> TestClient:
    app = create_app(WebConfig(db=db, allowed_hosts=("testserver",), max_code_bytes=20_000), coder=Coder(pipeline))
    with TestClient(app) as test_client:
        yield test_client


def all_pages(client: TestClient, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        answer = client.get("/api/events", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        items += answer["items"]
        cursor = answer["next_cursor"]
        if not cursor:
            return items


# -- reading --------------------------------------------------------------------------------------

def test_stats_and_dyads(client):
    stats = client.get("/api/stats").json()
    assert stats["events"] == 68 and stats["coded"] == 66 and not stats["writable"]
    dyads = client.get("/api/dyads").json()
    assert dyads[0]["a"] == "IND" and dyads[0]["b"] == "PAK" and dyads[0]["events"] == 66
    assert {(d["a"], d["b"]) for d in dyads} >= {("IND", "PAK"), ("PAK", "USA")}
    assert client.get("/api/dyads", params={"country": "USA"}).json() == [d for d in dyads if "USA" in (d["a"], d["b"])]


@pytest.mark.parametrize("sort", ["-date", "date", "goldstein", "-goldstein"])
def test_cursor_pages_cover_every_event_once_in_order(client, sort):
    items = all_pages(client, limit=7, sort=sort)
    ids = [item["event_id"] for item in items]
    assert len(ids) == len(set(ids)) == 68
    key = "date" if "date" in sort else "goldstein"
    values = [item[key] for item in items]
    known = [value for value in values if value is not None]
    assert known == sorted(known, reverse=sort.startswith("-"))
    if key == "date":  # the undated event: last newest-first, first oldest-first (as SQLite orders NULL)
        assert values.index(None) == (67 if sort.startswith("-") else 0)


def test_filters_are_those_of_flashpoint_events(client):
    def ids(**params):
        return {item["event_id"] for item in all_pages(client, limit=50, **params)}

    assert len(ids(dyad="IND:PAK")) == 66
    assert len(ids(dyad="IND:PAK", quad=4)) == 3  # three reports of the strikes
    assert len(ids(quad=[3, 4])) == 7
    assert len(ids(actor="USAGOV")) == 1 and len(ids(source="INDMIL")) == 3 and len(ids(target="PAKMIL")) == 3
    assert len(ids(country="USA")) == 1
    assert len(ids(cameo="19")) == 4 and len(ids(root="11")) == 1 and len(ids(plover="assault")) == 4
    assert len(ids(since="2025-05-01", until="2025-05-07")) == 6
    assert len(ids(text="army posts")) == 1
    assert len(ids(doc="wire/strike-1")) == 2
    (level,) = {item["confidence"] for item in all_pages(client, limit=50)}  # the factory's one confidence
    assert ids(**{"min-confidence": level}) == ids() and ids(**{"min-confidence": level + 0.05}) == set()


def test_page_counts_offsets_and_merges(client):
    page = client.get("/api/events", params={"limit": 5, "dyad": "IND:PAK", "quad": 4}).json()
    assert page["count"] == 3 and not page["count_capped"] and page["next_cursor"] is None
    assert len({item["merged_id"] for item in page["items"]}) == 1  # one strike, three reports
    first = client.get("/api/events", params={"limit": 10}).json()["items"]
    jumped = client.get("/api/events", params={"limit": 5, "offset": 5}).json()["items"]
    assert [i["event_id"] for i in jumped] == [i["event_id"] for i in first[5:10]]


def test_event_detail_has_evidence_document_and_mentions(client):
    strike = client.get("/api/events", params={"doc": "wire/strike-2"}).json()["items"][0]
    detail = client.get(f"/api/events/{strike['event_id']}").json()
    assert detail["event"]["evidence"]["trigger"] == "hit"
    assert detail["document"]["title"] == "Army hits targets" and detail["document"]["outlet"] == "Deccan Wire"
    merged = detail["merged"]
    assert merged["num_mentions"] == 3 and merged["num_sources"] == 3 and merged["num_articles"] == 3
    assert {m["doc_id"] for m in merged["mentions"]} == {"wire/strike-1", "wire/strike-2", "wire/strike-3"}
    assert client.get("/api/events/nope").status_code == 404


def test_document_spans_point_at_their_words(client):
    doc = client.get("/api/documents/wire/strike-1").json()
    text = doc["text"]
    words = {(span["kind"], text[span["start"]:span["end"]]) for span in doc["spans"]}
    assert {("actor", "Indian forces"), ("trigger", "struck"), ("actor", "army posts"), ("place", "Poonch"),
            ("date", "on Wednesday"), ("trigger", "accused")} <= words
    evidence = [span for span in doc["spans"] if span["kind"] == "evidence"]
    assert [text[s["start"]:s["end"]] for s in evidence][0].startswith("Indian forces struck")
    assert len(doc["events"]) == 2 and doc["title"] == "India strikes camps"
    assert client.get("/api/documents/wire/none").status_code == 404


def test_map_places(client):
    places = client.get("/api/map", params={"dyad": "IND:PAK"}).json()["places"]
    poonch = next(place for place in places if place["name"] == "Poonch")
    assert poonch["events"] == 3 and poonch["conflict"] == 3 and poonch["country"] == "IND"


def test_timeline_alerts_network(client):
    timeline = client.get("/api/timeline", params={"a": "IND", "b": "PAK", "interval": "day"}).json()
    assert timeline["dyad"] == ["IND", "PAK"] and timeline["interval"] == "day"
    strike_day = next(b for b in timeline["buckets"] if b["start"] == "2025-05-07")
    assert strike_day["quad"]["4"] >= 1
    week = client.get("/api/timeline", params={"a": "IND", "b": "PAK", "interval": "week"}).json()
    assert week["interval"] == "week" and len(week["buckets"]) < len(timeline["buckets"])
    alerts = client.get("/api/alerts").json()
    assert alerts["count"] == len(alerts["alerts"]) >= 1
    assert any(alert["dyad"] == ["IND", "PAK"] for alert in alerts["alerts"])
    network = client.get("/api/network").json()
    assert {"nodes", "edges"} <= set(network) and any(n["code"] == "IND" for n in network["nodes"])


# -- parameter errors -----------------------------------------------------------------------------

@pytest.mark.parametrize("url, param", [
    ("/api/events?quad=5", "quad"),
    ("/api/events?quad=x", "quad"),
    ("/api/events?since=2025-02-30", "since"),
    ("/api/events?since=1066-10-14", "since"),
    ("/api/events?since=2025-05-02&until=2025-05-01", "since"),
    ("/api/events?limit=0", "limit"),
    ("/api/events?limit=501", "limit"),
    ("/api/events?offset=100001", "offset"),
    ("/api/events?sort=record", "sort"),
    ("/api/events?cursor=abc", "cursor"),
    ("/api/events?dyad=IND", "dyad"),
    ("/api/events?actor=IND'%20OR%201=1--", "actor"),
    ("/api/events?country=INDIAX", "country"),
    ("/api/events?cameo=19a", "cameo"),
    ("/api/events?root=190", "root"),
    ("/api/events?plover=DROP%20TABLE", "plover"),
    ("/api/events?text=" + "x" * 201, "text"),
    ("/api/timeline?a=IND", "b"),
    ("/api/timeline?a=IND&b=PAK&interval=year", "interval"),
    ("/api/timeline?a=IND;&b=PAK", "a"),
    ("/api/alerts?since=yesterday", "since"),
    ("/api/dyads?limit=100000", "limit"),
    ("/api/events?min-confidence=2", "min-confidence"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, url, param):
    response = client.get(url)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] and body["detail"][0]["param"] == param


def test_cursor_is_tied_to_its_sort(client):
    cursor = client.get("/api/events", params={"limit": 2, "sort": "date"}).json()["next_cursor"]
    response = client.get("/api/events", params={"limit": 2, "sort": "goldstein", "cursor": cursor})
    assert response.status_code == 400 and "sort" in response.json()["error"]


# -- coding posted text ---------------------------------------------------------------------------

def test_code_returns_events_and_stores_nothing(client):
    before = client.get("/api/stats").json()["events"]
    answer = client.post("/api/code", json={"text": "Pakistan closed its airspace to Indian airlines.",
                                            "published": "2025-04-24"}).json()
    assert answer["events"], answer
    assert all(e["source"]["code"].startswith("PAK") for e in answer["events"])
    assert any((e["target"] or {}).get("code", "").startswith("IND") for e in answer["events"])
    assert any(span["kind"] == "trigger" for span in answer["spans"])
    assert client.get("/api/stats").json()["events"] == before


def test_code_limits_and_errors(client):
    assert client.post("/api/code", json={"text": "x" * 30_000}).status_code == 413
    assert client.post("/api/code", content=b"x" * 30_000, headers={"content-type": "application/json",
                                                                      "content-length": "10"}).status_code in (400, 413)

    def chunks():
        for _ in range(30):
            yield b"x" * 1000

    assert client.post("/api/code", content=chunks(), headers={"content-type": "application/json"}).status_code == 413
    text_plain = {"content-type": "text/plain"}
    assert client.post("/api/code", content=b'{"text": "India"}', headers=text_plain).status_code == 415
    assert client.post("/api/code", json={"text": ""}).status_code == 400
    assert client.post("/api/code", json={"text": "India", "published": "May 1"}).status_code == 400
    assert client.post("/api/code", json={"text": "India", "modalities": ["maybe"]}).status_code == 400
    broken = client.post("/api/code", content=b"{not json", headers={"content-type": "application/json"})
    assert broken.status_code == 400


# -- safety ---------------------------------------------------------------------------------------

def test_read_only_by_default(client, db):
    response = client.post("/api/documents", json={"documents": [{"id": "x", "text": "India praised Pakistan."}]})
    assert response.status_code == 403 and "--allow-writes" in response.json()["error"]
    with client.app.state.pool.borrow() as reader:
        with pytest.raises(sqlite3.OperationalError):
            reader._conn.execute("DELETE FROM events")  # the connection itself refuses writes


def test_writes_when_enabled(tmp_path, pipeline):
    db = build_store(tmp_path / "writable.db")
    app = create_app(WebConfig(db=db, allow_writes=True, allowed_hosts=("testserver",)), coder=Coder(pipeline))
    with TestClient(app) as client:
        body = {"documents": [{"id": "new/1", "text": "Pakistan closed its airspace to Indian airlines.",
                               "title": f"New {SCRIPT}", "published": "2025-04-24"}]}
        result = client.post("/api/documents", json=body).json()
        assert result["coded"] == 1 and result["events"] >= 1
        assert client.post("/api/documents", json=body).json()["skipped"] == 1  # idempotent, as ingest
        doc = client.get("/api/documents/new/1").json()
        assert doc["title"] == f"New {SCRIPT}" and doc["events"]


def test_hosts_headers_and_local_assets(client):
    assert client.get("/api/stats", headers={"host": "evil.example"}).status_code == 400
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert page.headers["x-content-type-options"] == "nosniff"
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    for html in (page.text, docs.text):
        assert "http://" not in html and "https://" not in html  # nothing from a CDN
    for asset in ("/static/vendor/swagger-ui-bundle.js", "/static/vendor/d3-geo.min.js",
                  "/static/vendor/countries-110m.json", "/static/js/app.js", "/openapi.json"):
        assert client.get(asset).status_code == 200, asset


def test_dashboard_scripts_never_parse_markup():
    """Article text and names are only ever set as text: no script of ours parses HTML."""
    for script in (STATIC / "js").glob("*.js"):
        source = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source, f"{script.name} uses {sink}"


def test_payloads_come_back_as_plain_strings(client):
    doc = client.get("/api/documents/payload/1").json()
    assert doc["title"] == f"Payload {SCRIPT}{IMG}" and doc["url"] == JS_URL and SCRIPT in doc["text"]
    names = {e["source"]["name"] for e in doc["events"]}
    assert SCRIPT in names and f"The group {IMG}" in names
    assert client.get("/api/documents/payload/1").headers["content-type"].startswith("application/json")


def test_serve_help_and_missing_store(tmp_path):
    from click.testing import CliRunner

    from flashpoint.faces.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "127.0.0.1" in result.output
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no store here yet" in result.output
