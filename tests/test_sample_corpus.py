"""The main job on the bundled sample corpus: 53 wire reports of the India–Pakistan crisis of
April–May 2025 coded into a temporary store, then checked against the fact sheet
(../shared/examples/india-pakistan-2025-timeline.md): the dyad escalates on 23–24 April and on
7 May, is most conflictual between 7 and 10 May, ends in a ceasefire on 10 May; the 7 May
strikes are one event however many outlets report them; the United States appeals to both sides.

These are checks of the coder as much as of the analysis: when one fails, the message names the
events the analysis saw, so the coder's mistake can be found.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from flashpoint import analysis
from flashpoint.datafiles import DATA_ROOT
from flashpoint.faces.cli import cli
from flashpoint.ingest import read_sources
from flashpoint.runner import ingest
from flashpoint.store import EventQuery, Store

SAMPLE = DATA_ROOT / "sample" / "reports.jsonl"
MAY_7 = dt.date(2025, 5, 7)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with Store(path) as store:
        progress = ingest(store, read_sources([str(SAMPLE)]), pipeline=pipeline)
    assert (progress.coded, progress.failures) == (53, 0)
    return path


@pytest.fixture()
def store(db):
    with Store(db) as opened:
        yield opened


def _seen(events) -> str:
    return "; ".join(f"{e.date} {e.direction} {e.cameo} [{e.num_articles}] {e.trigger!r}" for e in events)


def test_the_sample_is_documented_and_whole():
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 53 and len({r["id"] for r in records}) == 53
    assert all({"id", "text", "published", "outlet"} <= r.keys() for r in records)
    assert (SAMPLE.parent / "README.md").exists()


def test_alerts_on_23_and_24_april(store):
    days = {alert.date for alert in analysis.alerts(store, dyad=("IND", "PAK"))}
    assert {dt.date(2025, 4, 23), dt.date(2025, 4, 24)} <= days, sorted(days)


def test_alert_on_7_may(store):
    found = analysis.alerts(store, dyad=("IND", "PAK"))
    assert MAY_7 in {alert.date for alert in found}, [
        (str(a.date), a.kinds, _seen(a.events)) for a in found]


def test_most_conflictual_day_is_in_the_strikes(store):
    series = analysis.timeline(store, "IND", "PAK")
    peak = series.peak()
    busy = [(str(b.start), round(b.score, 1)) for b in series.buckets if b.totals.events]
    assert peak is not None and dt.date(2025, 5, 7) <= peak.start <= dt.date(2025, 5, 10), busy


def test_ceasefire_on_10_may(store):
    may_10 = dt.date(2025, 5, 10)
    records = list(store.records(EventQuery(dyad=("IND", "PAK"), cameo="0871", since=may_10, until=may_10)))
    assert records, "no IND-PAK 0871 event dated 10 May"
    assert all(r["quad_class"] == 2 for r in records)
    bucket = next(b for b in analysis.timeline(store, "IND", "PAK").buckets if b.start == may_10)
    assert bucket.totals.quad[2] >= 1  # counted as material cooperation in the timeline


def _indian_strikes(store):
    params = analysis.EscalationParams()
    found = []
    for merged in store.merged(EventQuery(source="IND", since=MAY_7 - dt.timedelta(days=2),
                                          until=MAY_7 + dt.timedelta(days=2))):
        record = merged.representative
        if params.is_force(record["cameo"]):
            found.append(merged)
    return found


def test_the_7_may_strikes_are_one_event_in_several_reports(store):
    strikes = [merged for merged in _indian_strikes(store) if merged.day == MAY_7.isoformat()]
    best = max(strikes, key=lambda merged: merged.num_articles, default=None)
    assert best is not None and best.num_articles >= 3, [
        (m.day, m.representative["cameo"], m.num_articles) for m in _indian_strikes(store)]
    assert best.date_first == MAY_7.isoformat()


def test_strikes_told_on_different_days_stay_apart(store):
    """The strikes of Wednesday 7 May and those on air defences of Thursday 8 May are two events:
    no merged event of Indian force holds a report dating it 7 May and one dating it 8 May."""
    for merged in _indian_strikes(store):
        dated = {record["date"] for record in store.mentions(merged.merged_id) if record["date_origin"] == "expression"}
        assert len(dated) <= 1, (merged.merged_id, sorted(dated))
        assert not dated or merged.day in dated


def test_the_7_may_strikes_are_on_pakistan(store):
    """The strikes hit Pakistan, so their merged event belongs to the IND–PAK dyad."""
    on_pakistan = [m for m in _indian_strikes(store) if (m.representative.get("target") or {}).get("country") == "PAK"]
    assert any(m.num_articles >= 3 for m in on_pakistan), [
        (m.representative["date"], m.representative["cameo"], (m.representative.get("target") or {}).get("code"),
         m.num_articles) for m in _indian_strikes(store)]


@pytest.mark.parametrize("target", ["IND", "PAK"])
def test_the_united_states_appeals_to_both_sides(store, target):
    records = list(store.records(EventQuery(source="USA", target=target, root="02")))
    assert records, f"no USA->{target} appeal (CAMEO 02)"
    series = analysis.timeline(store, "USA", target)
    assert series.totals.quad[1] >= 1


def test_the_network_shows_the_crisis(store):
    graph = analysis.network(store)
    edges = {(e.source, e.target): e for e in graph.edges}
    assert edges[("IND", "PAK")].conflict > edges[("IND", "PAK")].cooperation
    assert edges[("PAK", "IND")].conflict > edges[("PAK", "IND")].cooperation
    assert edges[("USA", "IND")].cooperation >= 1 and edges[("USA", "PAK")].cooperation >= 1
    top = analysis.dyads(store)[0]
    assert (top.a, top.b) == ("IND", "PAK")


def test_demo_summarises_and_writes_the_report_without_recoding(db, tmp_path):
    """`flashpoint demo` on a store that already holds the sample codes nothing again."""
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 documents coded now, 53 already stored" in result.output
    assert "53 documents" in result.output and "India – Pakistan" in result.output
    assert "Alerts (" in result.output and out.exists()
    html = out.read_text(encoding="utf-8")
    assert "India – Pakistan" in html and "<svg" in html


def test_the_7_may_alert_quotes_the_7_may_strikes(store):
    (alert,) = [alert for alert in analysis.alerts(store, dyad=("IND", "PAK")) if alert.date == MAY_7]
    sentences = " ".join(event.sentence for event in alert.events)
    # which report represents the strikes follows the confidence ranking; each tells the 7 May strikes
    assert any(words in sentences for words in ("struck nine", "missile strikes on nine sites", "Operation Sindoor",
                                                "missiles struck sites")), _seen(alert.events)
    assert "on Thursday" not in sentences, _seen(alert.events)  # the strikes of 8 May are 8 May's
    bucket = next(b for b in analysis.timeline(store, "IND", "PAK").buckets if b.start == MAY_7)
    assert bucket.totals.quad[4] >= 1 and bucket.alert


# -- what the coder still gets wrong (places/, events/): shown here, fixed there -------------------

def _located(store, **filters):
    return [r for r in store.records(EventQuery(**filters)) if r.get("location")]


def test_no_event_is_placed_at_its_dateline(store):
    at_dateline = [(r["doc_id"], r["location"]["name"], r["cameo"]) for r in _located(store, dyad=("IND", "PAK"))
                   if r["location"].get("origin") == "dateline"]
    assert not at_dateline, at_dateline


def test_nur_khan_air_base_is_in_pakistan(store):
    placed = [(r["location"]["name"], r["location"]["country"]) for r in _located(store, dyad=("IND", "PAK"))
              if "Nur Khan" in r["evidence"]["sentence"]]
    assert placed and all(country == "PAK" for _name, country in placed), placed


def test_a_missile_test_is_not_an_attack_on_the_neighbour(store):
    tests = [(r["cameo"], (r.get("target") or {}).get("code")) for r in store.records(EventQuery(source="PAK"))
             if "Fatah-series missile" in r["evidence"]["sentence"]]
    assert all(not cameo.startswith(("18", "19", "20")) for cameo, _target in tests), tests


def test_thwarted_attacks_are_not_coded_as_the_defenders_attack(store):
    wrong = [(r["doc_id"], r["cameo"], r["evidence"]["trigger"])
             for r in store.records(EventQuery(source="IND", target="PAK"))
             if "had thwarted Pakistani" in r["evidence"]["sentence"] and r["cameo_root"] in ("18", "19", "20")]
    assert not wrong, wrong
