"""What the dashboard asks of the HTTP API since issue 16: real-world events and reports as two
views that count alike in every route, names read as codes, suggestions, the glossary, exports
of the filtered view, filtered alerts, event places that are never datelines, compressed answers.

The store is the web tests' hand-made one (tests/test_web_api.py) plus an article placed by its
dateline, so no language model is needed.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import warnings

import pytest

pytest.importorskip("fastapi")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_web_api import build_store, make_document  # noqa: E402

from flashpoint.faces.web import WebConfig, create_app  # noqa: E402
from flashpoint.faces.web.coding import Coder  # noqa: E402
from flashpoint.faces.web.rules import rule_sentence  # noqa: E402
from flashpoint.store import Store  # noqa: E402

SORTS = ["-date", "date", "goldstein", "-goldstein", "-reports", "reports"]


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    db = build_store(tmp_path_factory.mktemp("views") / "views.db")
    filed = make_document("wire/filed", dt.date(2025, 5, 9), [
        ("Washington: Pakistan warned India on Thursday.", "Pakistan", "PAK", "warned", "India", "IND", "130", 1,
         "Washington", "on Thursday")], title="Filed from Washington", outlet="Capital Ledger")
    filed.events[0].location.origin = "dateline"  # "WASHINGTON, May 9 –": where it was filed, not where it happened
    with Store(db) as store:
        store.add([filed])
        store.refresh_merges()
    app = create_app(WebConfig(db=db, allowed_hosts=("testserver",), warm_dyads=-1), coder=Coder())
    with TestClient(app) as test_client:
        yield test_client


def pages(client: TestClient, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        answer = client.get("/api/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        items += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
        if not cursor:
            return items


@pytest.mark.parametrize("sort", SORTS)
def test_real_world_events_page_once_each_in_every_sort(client, sort):
    merged = client.get("/api/stats").json()["merged"]
    items = pages(client, view="merged", sort=sort, limit=7)
    assert len(items) == len({item["merged_id"] for item in items}) == merged
    key = {"date": "day", "goldstein": "goldstein", "reports": "num_mentions"}[sort.lstrip("-")]
    values = [item[key] for item in items if item[key] is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_reports_sort_only_real_world_events(client):
    answer = client.get("/api/events", params={"sort": "-reports"})
    assert answer.status_code == 400 and answer.json()["detail"][0]["param"] == "sort"


def test_every_bar_lists_as_many_events_as_it_counts(client):
    """A timeline bucket's real-world events are exactly the merged events a page of that day
    lists, and its reports exactly the reports a page of that day lists (both views)."""
    timeline = client.get("/api/timeline", params={"a": "IND", "b": "PAK", "count": "reports"}).json()
    busy = [bucket for bucket in timeline["buckets"] if bucket["events"] or bucket["reports"]["events"]]
    assert len(busy) > 20
    for bucket in busy:
        day = {"dyad": "IND:PAK", "since": bucket["start"], "until": bucket["end"]}
        merged = client.get("/api/events", params={**day, "view": "merged", "limit": 500}).json()
        reports = client.get("/api/events", params={**day, "view": "events", "limit": 500}).json()
        assert merged["count"] == len(merged["items"]) == bucket["events"], bucket["start"]
        assert reports["count"] == bucket["reports"]["events"], bucket["start"]
        assert sum(item["num_mentions"] for item in merged["items"]) == bucket["mentions"], bucket["start"]


def test_names_are_read_as_codes_and_unknown_codes_are_named(client):
    by_code = {item["event_id"] for item in pages(client, actor="PAK")}
    answer = client.get("/api/events", params={"actor": "Pakistan", "limit": 500}).json()
    assert {item["event_id"] for item in answer["items"]} == by_code
    assert any("“Pakistan” as PAK" in note for note in answer["notes"])
    both = client.get("/api/events", params={"dyad": "India:Pakistan", "view": "merged", "limit": 500}).json()
    assert both["count"] == client.get("/api/events", params={"dyad": "IND:PAK", "view": "merged"}).json()["count"]
    unknown = client.get("/api/events", params={"actor": "XYZQ"}).json()
    assert unknown["count"] == 0 and "no actor code in this store starts with XYZQ" in unknown["notes"][0]
    timeline = client.get("/api/timeline", params={"a": "India", "b": "Pakistan"}).json()
    assert timeline["dyad"] == ["IND", "PAK"] and timeline["named"]["a"][:2] == ["India", "IND"]
    missing = client.get("/api/timeline", params={"a": "IND", "b": "XYZ"}).json()
    assert missing["notes"] == ["b: no actor code in this store starts with XYZ"]


def test_suggestions_glossary_and_rules_in_words(client):
    found = client.get("/api/actors", params={"q": "pak"}).json()
    assert found[0]["code"] == "PAK" and found[0]["label"] == "Pakistan" and found[0]["events"] > 50
    assert any(item["code"] == "PAKMIL" for item in found)
    named = client.get("/api/actors", params={"q": "rubio"}).json()
    assert named and named[0]["code"] == "USAGOV" and named[0]["name"] == "Marco Rubio"
    glossary = client.get("/api/glossary").json()
    assert glossary["quad"]["4"] == "material conflict" and glossary["sectors"]["REB"] == "rebels"
    assert glossary["countries"]["SDN"] == "Sudan" and "ASSAULT" in glossary["plover"]
    assert any(code["code"] == "190" and code["quad_class"] == 4 for code in glossary["cameo"])
    assert rule_sentence("19-fight:117 open obj:fire") == "Lexicon entry 117 of 19 Fight: the verb “open” with the object “fire”."
    assert "probability 0.87" in rule_sentence("model:0 quad=MATERIAL_CONFLICT p=0.87 type=COERCE")
    strike = client.get("/api/events", params={"doc": "wire/strike-2"}).json()["items"][0]
    assert client.get(f"/api/events/{strike['event_id']}").json()["event"]["rule_text"] == "test."


@pytest.mark.parametrize("view", ["merged", "events"])
def test_export_is_every_row_the_table_lists(client, view):
    params = {"dyad": "IND:PAK", "since": "2025-04-01", "until": "2025-05-31", "view": view}
    listed = pages(client, **params, limit=7)
    key = "event_id"
    as_csv = client.get("/api/export", params={**params, "format": "csv"})
    assert as_csv.status_code == 200 and "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    column = "representative_event_id" if view == "merged" else "event_id"
    assert sorted(row[column] for row in rows) == sorted(item[key] for item in listed)
    assert as_csv.headers["x-flashpoint-rows"] == str(len(listed))
    as_json = client.get("/api/export", params={**params, "format": "json"})
    records = [json.loads(line) for line in as_json.text.splitlines()]
    ids = [r["representative"]["event_id"] if view == "merged" else r["event_id"] for r in records]
    assert sorted(ids) == sorted(item[key] for item in listed)
    if view == "merged":
        assert all(r["date"] == item["day"] for r in records for item in listed
                   if item["merged_id"] == r["merged_id"])


def test_alerts_by_dyad_and_kind(client):
    every = client.get("/api/alerts").json()
    mine = client.get("/api/alerts", params={"dyad": "Pakistan:India"}).json()
    assert mine["count"] == len([a for a in every["alerts"] if a["dyad"] == ["IND", "PAK"]]) >= 1
    first = client.get("/api/alerts", params={"kind": "first_material_conflict"}).json()
    assert first["alerts"] and all("first_material_conflict" in a["kinds"] for a in first["alerts"])
    assert client.get("/api/alerts", params={"kind": "nonsense"}).status_code == 400
    assert client.get("/api/alerts", params={"dyad": "INDMIL:PAK"}).status_code == 400


def test_map_never_places_an_event_at_its_dateline(client):
    for view in ("events", "merged"):
        places = client.get("/api/map", params={"view": view}).json()["places"]
        names = {place["name"] for place in places}
        assert "Poonch" in names and "Washington" in names  # Rubio's call, placed by its clause
        assert all(p["events"] == 1 for p in places if p["name"] == "Washington")  # not the dateline's warning
    dyad = client.get("/api/map", params={"dyad": "IND:PAK", "view": "merged"}).json()["places"]
    assert "Washington" not in {place["name"] for place in dyad}


def test_stats_period_is_the_merged_events_days(client):
    stats = client.get("/api/stats").json()
    days = [item["day"] for item in pages(client, view="merged", sort="date", limit=500) if item["day"]]
    assert (stats["first_date"], stats["last_date"]) == (min(days), max(days))


def test_answers_are_compressed(client):
    for url in ("/api/events?limit=100", "/static/vendor/countries-110m.json", "/api/glossary"):
        answer = client.get(url, headers={"accept-encoding": "gzip"})
        assert answer.headers.get("content-encoding") == "gzip", url
    assert len(gzip.compress(answer.content)) < len(answer.content) / 2  # the 108 KB map file: about 30 KB
