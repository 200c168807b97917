"""What makes the analysis fast on large stores, checked on a small one: merged events carry their
date and representative's code, merging keeps daily sums per dyad (``merged_days``) and the
alerts of every country dyad (``merged_alerts``), and the analysis reads those instead of
re-reading mentions. Each shortcut must give exactly what the long way gives: the daily sums
what summing merged events gives, the stored alerts what the series gives, a migrated store
what a freshly merged one holds. Speed itself is measured by bench/web_bench.py (1,000,000
events); here only the query plans are checked, so a lost index shows as a failure.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import random
import re
import sqlite3
from collections import Counter

import pytest
from factories import actor, event, evidence

from flashpoint import analysis
from flashpoint.analysis.escalation import find_alerts
from flashpoint.analysis.models import Counts, EscalationParams
from flashpoint.ingest import make_document
from flashpoint.records import Actor, CodedDocument, EventDate
from flashpoint.store import Store
from flashpoint.store.alerts import refresh_alerts
from flashpoint.store.schema import SCHEMA_VERSION

queries = importlib.import_module("flashpoint.analysis.queries")
alerts_module = importlib.import_module("flashpoint.analysis.alerts")

START = dt.date(2025, 4, 1)
COUNTRIES = ["IND", "PAK", "USA", "CHN", "RUS"]
CODES = ["010", "042", "057", "070", "112", "130", "163", "173", "190", "191", "193", "195", "183", "201", "0871"]
SECTORS = ["", "GOV", "MIL"]


def _actor(code: str, start: int) -> Actor:
    return actor(code, start, span=(start, start + 3))


def _documents(seed: int, count: int, first: int = 0) -> list[CodedDocument]:
    """Reports of a few dyads over 40 days; many repeat an event of a nearby day (so merged events
    have several dates and the date vote matters), some have no target (no dyad)."""
    rng = random.Random(seed)
    told: list[tuple[str, str, str, int]] = []
    documents = []
    for number in range(first, first + count):
        doc_id = f"s{number}"
        events = []
        for index in range(rng.randint(1, 4)):
            if told and rng.random() < 0.4:
                source, target, cameo, offset = rng.choice(told)
                offset = max(0, offset + rng.choice((-1, 0, 0, 1)))
            else:
                source = rng.choice(COUNTRIES) + rng.choice(SECTORS)
                target = rng.choice([c for c in COUNTRIES if c != source[:3]]) + rng.choice(SECTORS)
                cameo, offset = rng.choice(CODES), rng.randrange(40)
                told.append((source, target, cameo, offset))
            sentence = f"Actors acted {number} {index}."
            events.append(event(
                doc_id, _actor(source, index * 50), cameo,
                _actor(target, index * 50 + 10) if rng.random() > 0.05 else None, plover_mode=None,
                evidence=evidence(sentence, "acted", index=index, start=index * 50),
                confidence=round(rng.uniform(0.4, 0.95), 2),
                date=EventDate(START + dt.timedelta(days=offset)) if rng.random() > 0.03 else EventDate(None)))
        document = make_document(" ".join(e.evidence.sentence for e in events), doc_id=doc_id, source=doc_id,
                                 outlet=f"outlet {number % 9}", url=f"https://example.org/{doc_id}")
        documents.append(CodedDocument(document, events))
    return documents


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("speed") / "s.db"
    with Store(path) as store:
        store.add(_documents(1, 300))
        store.refresh_merges()
    return path


@pytest.fixture()
def store(store_path):
    with Store(store_path) as opened:
        yield opened


def _rows(store: Store, sql: str, params=()) -> list[tuple]:
    return store.query(sql, params)


def test_merged_events_carry_the_voted_date_and_the_representative(store):
    checked = multi = 0
    for merged_id, representative, day, cameo, quad, goldstein, source in _rows(
            store, "SELECT merged_id, representative, day, cameo, quad_class, goldstein, source_code "
                   "FROM merged_events"):
        mentions = store.mentions(merged_id)
        rep = next(record for record in mentions if record["event_id"] == representative)
        assert (cameo, quad, goldstein, source) == (rep["cameo"], rep["quad_class"], rep["goldstein"],
                                                    rep["source"]["code"])
        votes = Counter(record["date"] for record in mentions if record["date"])
        if not votes:
            assert day is None
            continue
        best = max(votes.values())
        tied = sorted(date for date, n in votes.items() if n == best)
        assert day == (rep["date"] if rep["date"] in tied else tied[0])
        checked += 1
        multi += len(votes) > 1
    assert checked > 200 and multi > 10  # the vote was exercised


class _ByCodes(queries.DyadFilter):
    """A country dyad read the long way: merged events selected by their actor codes."""

    @property
    def by_group(self) -> bool:
        return False


def _by_day(found) -> dict:
    daily: dict = {}
    for day, key, counts in found:
        daily.setdefault((day, key), Counts()).add(counts)
    return {key: counts.to_dict() | {"force": round(counts.force, 6), "conflict": round(counts.conflict, 6),
                                     "cooperation": round(counts.cooperation, 6),
                                     "roots": sorted(counts.force_roots)}
            for key, counts in daily.items()}


@pytest.mark.parametrize("pair", [("IND", "PAK"), ("CHN", "USA"), ("RUS", "IND")])
def test_daily_sums_are_the_merged_events_summed(store, pair):
    params = EscalationParams()
    summed = _by_day(queries.dyad_days(store, queries.DyadFilter(*pair), None, None, params))
    long_way = _by_day(queries.dyad_days(store, _ByCodes(*pair), None, None, params))
    assert summed and summed == long_way


def test_stored_alerts_are_what_the_series_gives(store):
    params = EscalationParams()
    assert queries.alerts_stored(store, params)
    for since in (None, START + dt.timedelta(days=20)):
        stored = [alerts_module._stored(row, params) for row in queries.stored_alerts(store, since, None)]
        computed = alerts_module._pair_findings(store, since, None, params)
        computed.sort(key=lambda item: (item[1].day, item[0]))
        assert stored and stored == computed
    for a, b in (("IND", "PAK"), ("CHN", "USA")):
        dyad = queries.DyadFilter(a, b)
        daily: dict = {}
        for day, _key, counts in queries.dyad_days(store, dyad, None, None, params):
            daily.setdefault(day, Counts()).add(counts)
        found = find_alerts(daily, queries.first_days(store, dyad, params), ("x", "y"), params)
        stored = [row[1:] for row in queries.stored_alerts(store, None, None, key=dyad.key)]
        assert [(f.day.isoformat(), f.score, f.baseline, ",".join(f.kinds), ",".join(f.roots)) for f in found] \
            == stored


def test_other_parameters_are_computed_not_read(store):
    custom = EscalationParams(window=5, min_rise=6.0)
    assert not queries.alerts_stored(store, custom)
    found = analysis.alerts(store, params=custom)
    assert found and found != analysis.alerts(store)
    other_force = EscalationParams(not_force=("191",))
    assert not queries.summed_force(other_force)
    series = analysis.timeline(store, "IND", "PAK", params=other_force)
    assert series.totals.events == analysis.timeline(store, "IND", "PAK").totals.events


def test_newest_alerts_are_the_last_of_all(store):
    every = analysis.alerts(store)
    count, newest = analysis.newest_alerts(store, limit=5)
    assert count == len(every) > 5
    expected = sorted(every, key=lambda a: (a.date, a.a, a.b), reverse=True)[:5]
    assert [a.to_dict() for a in newest] == [a.to_dict() for a in expected]
    since = START + dt.timedelta(days=30)
    assert analysis.newest_alerts(store, since=since, limit=1000)[0] == len(analysis.alerts(store, since=since))


def test_dyads_and_network_count_dated_merged_events(store):
    dated = _rows(store, "SELECT group_key, count(*) FROM merged_events WHERE day IS NOT NULL "
                         "AND group_key GLOB '[A-Z][A-Z][A-Z]>[A-Z][A-Z][A-Z]' GROUP BY group_key")
    per_pair: Counter = Counter()
    for group, n in dated:
        per_pair[tuple(sorted(group.split(">")))] += n
    assert {(d.a, d.b): d.events for d in analysis.dyads(store)} == dict(per_pair)
    edges = {(e.source, e.target): e.events for e in analysis.network(store).edges}
    assert edges == {tuple(group.split(">")): n for group, n in dated}


def test_alerts_follow_new_events(tmp_path):
    path = tmp_path / "grow.db"
    with Store(path) as store:
        store.add(_documents(2, 150))
        store.refresh_merges()
        before = [a.to_dict() for a in analysis.alerts(store)]
        store.add(_documents(3, 150, first=1000))
        store.refresh_merges()
        after = [a.to_dict() for a in analysis.alerts(store)]
        kept = _rows(store, "SELECT * FROM merged_alerts ORDER BY day, dyad_key")
        refresh_alerts(store._conn, everything=True)  # recompute every dyad from scratch
        assert _rows(store, "SELECT * FROM merged_alerts ORDER BY day, dyad_key") == kept
    assert after != before


def _downgrade_to_4(path) -> None:
    """Turn a store back into schema 4, as an older Flashpoint left it."""
    conn = sqlite3.connect(path)
    for statement in (
        "DROP INDEX IF EXISTS merged_day", "DROP INDEX IF EXISTS merged_goldstein",  # migration 6
        "DROP TABLE merged_days", "DROP TABLE merged_alerts", "DROP INDEX merged_group_day",
        "DROP INDEX merged_codes", "CREATE INDEX merged_group ON merged_events (group_key)",
        "DELETE FROM meta WHERE key = 'alert_params'",
        *(f"ALTER TABLE merged_events DROP COLUMN {column}" for column in (
            "day", "source_code", "source_country", "target_code", "target_country", "cameo", "cameo_root",
            "quad_class", "goldstein", "plover_type")),
        "PRAGMA user_version = 4",
    ):
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_migration_5_fills_what_merging_writes(store_path, tmp_path):
    copy = tmp_path / "old.db"
    source = sqlite3.connect(store_path)
    source.execute(f"VACUUM INTO '{copy}'")
    source.close()
    _downgrade_to_4(copy)
    tables = {
        "merged_events": "SELECT * FROM merged_events ORDER BY merged_id",
        "merged_days": "SELECT * FROM merged_days ORDER BY dyad_key, day, group_key, source, target",
        "merged_alerts": "SELECT * FROM merged_alerts ORDER BY day, dyad_key",
    }
    with Store(store_path) as fresh, Store(copy) as migrated:
        assert migrated.counts().schema_version == fresh.counts().schema_version == SCHEMA_VERSION
        for name, sql in tables.items():
            mine, theirs = _rows(fresh, sql), _rows(migrated, sql)
            assert len(mine) == len(theirs) > 0, name
            for a, b in zip(mine, theirs, strict=True):
                assert _same(a, b), (name, a, b)


def _same(a: tuple, b: tuple) -> bool:
    """Rows equal, floats to rounding (SQL and Python sum in different orders), JSON as data."""
    for x, y in zip(a, b, strict=True):
        if isinstance(x, float) or isinstance(y, float):
            if x != pytest.approx(y, abs=1e-9):
                return False
        elif isinstance(x, str) and x.startswith("{"):
            if json.loads(x) != json.loads(y):
                return False
        elif x != y:
            return False
    return True


def _plan(store: Store, sql: str, params) -> str:
    return " | ".join(row[3] for row in store.query("EXPLAIN QUERY PLAN " + sql, params))


#: What the analysis' queries name its tables (plans name a table by its alias).
_TABLES = {"m", "e", "d", "t", "merged_events", "events", "documents", "merged_days", "merged_mentions"}


def _scanned(plan: str) -> set[str]:
    """The tables a plan reads whole (subqueries, CTEs and constant rows are not tables)."""
    return {name for name in re.findall(r"SCAN (\w+)", plan) if name in _TABLES}


def test_queries_use_the_indexes(store, monkeypatch):
    """No dashboard query of a country dyad scans a table: each is a range of an index."""
    plans: list[tuple[str, str]] = []
    original = queries.rows

    def recording(store_, sql, params=()):
        plans.append((sql, _plan(store_, sql, params)))
        return original(store_, sql, params)

    monkeypatch.setattr(queries, "rows", recording)
    analysis.timeline(store, "IND", "PAK")
    analysis.timeline(store, "IND", "PAK", since=START + dt.timedelta(days=10), interval="week")
    analysis.newest_alerts(store, limit=20)
    assert len(plans) > 5
    for sql, plan in plans:
        assert not _scanned(plan), (sql, plan)
        assert "AUTOMATIC" not in plan, (sql, plan)  # SQLite indexing a table on the fly: a full read
    plans.clear()
    analysis.timeline(store, "INDMIL", "PAK")  # code prefixes: merged events read once, by code
    assert len(plans) <= 3 and not any(_scanned(plan) or "AUTOMATIC" in plan for _sql, plan in plans), plans
