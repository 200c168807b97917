"""The store: schema and migrations, idempotent batches, failures as rows, queries, exports,
and clear errors for corrupt, locked, foreign or newer databases.

Most tests use a small fake coder (each input line "SRC CAMEO TGT YYYY-MM-DD" is one event) so
they test the store, not the language model; test_store_crash.py and test_merge.py use the real one.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3

import pytest
from factories import actor, event

from flashpoint.formats import CSV_COLUMNS
from flashpoint.formats.gdelt import GDELT_COLUMNS
from flashpoint.formats.parquet import read_records as read_parquet_records
from flashpoint.ingest import make_document
from flashpoint.records import CodedDocument, Document, Evidence, Failure, Place
from flashpoint.runner import ingest
from flashpoint.store import EventQuery, MergeRule, Store, StoreError
from flashpoint.store.rows import failure_key, outlet_key
from flashpoint.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

QUADS = {"0": 1, "1": 3, "18": 4, "19": 4, "16": 4}
PLOVER = {"04": "CONSULT", "19": "ASSAULT", "11": "ACCUSE", "16": "REDUCE_RELATIONS"}


class FakePipeline:
    """Codes each line "SRC CAMEO TGT DATE [PLACE]" as one event; "RAISE" makes it fail."""

    def __init__(self) -> None:
        self.calls = 0

    def code(self, documents, batch_size=None):
        self.calls += 1
        if any("RAISE" in d.text for d in documents):
            raise RuntimeError("boom")
        for document in documents:
            yield CodedDocument(document, list(self._events(document)))

    def _events(self, document: Document):
        offset = 0
        for index, line in enumerate(document.text.splitlines()):
            parts = line.split()
            if len(parts) >= 4:
                source, cameo, target, day = parts[:4]
                place = None
                if len(parts) > 4:
                    place = Place("Here", country=parts[4][:3], lat=30.0, lon=70.0, feature="city")
                root = cameo[:2]
                yield event(
                    document.doc_id, actor(source, offset), cameo, actor(target, offset + 10), day=day,
                    cameo_name=f"name {cameo}", goldstein=-1.0, quad_class=QUADS.get(root, QUADS.get(root[:1], 2)),
                    plover_type=PLOVER.get(root), plover_mode=None,
                    evidence=Evidence(index, f"{line} sentence", offset, offset + len(line), parts[1],
                                      (offset, offset + 3)),
                    confidence=0.5 + index / 100, rule="fake", location=place)
            offset += len(line) + 1


def doc(doc_id: str, text: str, outlet: str | None = None, url: str | None = None) -> Document:
    return make_document(text, doc_id=doc_id, source=f"{doc_id}.txt", outlet=outlet, url=url,
                         published=dt.date(2025, 5, 1))


CORPUS = [
    doc("d1", "IND 190 PAK 2025-05-07\nUSAGOV 041 INDGOV 2025-04-30", outlet="Global Desk"),
    doc("d2", "IND 193 PAKMIL 2025-05-07\nPAK 112 IND 2025-05-08", outlet="Deccan Wire"),
    doc("d3", "INDGOV 161 PAKGOV 2025-04-23", url="https://www.wire.example/x"),
    doc("d4", "PAK 191 INDBUS 2025-04-24 PAK\nUSAGOV 041 PAKGOV 2025-04-30", url="https://wire.example/y"),
]


@pytest.fixture
def store(tmp_path) -> Store:
    with Store(tmp_path / "t.db") as opened:
        yield opened


@pytest.fixture
def filled(store) -> Store:
    ingest(store, CORPUS + [Failure("bad.html", "HTML page has no main text", "bad")], pipeline=FakePipeline())
    return store


# -- schema -----------------------------------------------------------------------------------

def test_new_store_is_versioned_and_marked(tmp_path):
    with Store(tmp_path / "new.db") as store:
        assert store.counts().schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    conn = sqlite3.connect(tmp_path / "new.db")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "events", "merged_events", "merged_mentions", "merge_dirty", "meta"} <= tables


def test_old_store_is_migrated_and_its_events_merged(tmp_path):
    """A store at version 1 (no merge tables) opens, upgrades to the latest version, and merges
    the events it already held."""
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.add([CodedDocument(d, list(FakePipeline()._events(d))) for d in CORPUS])
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE merged_mentions; DROP TABLE merged_events; DROP TABLE merge_dirty; "
                       "PRAGMA user_version = 1;")
    conn.close()
    with Store(path) as store:
        counts = store.counts()
        assert counts.schema_version == SCHEMA_VERSION and counts.pending_merge_groups > 0
        assert len(list(store.merged())) > 0 and store.counts().pending_merge_groups == 0


# -- storing ----------------------------------------------------------------------------------

def test_documents_events_and_failures_are_rows(filled):
    counts = filled.counts()
    assert (counts.coded, counts.failed, counts.events) == (4, 1, 7)
    failed = list(filled.documents("failed"))
    assert [(f.source, f.reason, f.status) for f in failed] == [("bad.html", "HTML page has no main text", "failed")]
    coded = {d.doc_id: d for d in filled.documents("coded")}
    assert coded["d1"].outlet == "Global Desk" and coded["d1"].n_events == 2
    assert coded["d3"].url == "https://www.wire.example/x" and coded["d3"].published == "2025-05-01"
    assert filled.text(CORPUS[0].content_hash) == CORPUS[0].text


def test_stored_records_are_the_coded_records(filled):
    expected = {e.event_id: e.to_dict() for d in CORPUS for e in FakePipeline()._events(d)}
    assert {r["event_id"]: r for r in filled.records()} == expected
    assert [e.to_dict() for e in filled.events(EventQuery(doc_id="d1"))] == [
        r for r in expected.values() if r["doc_id"] == "d1"][::-1]  # by date: 04-30 before 05-07


def test_reingesting_adds_nothing_and_codes_nothing(filled):
    before = filled.counts()
    fake = FakePipeline()
    progress = ingest(filled, CORPUS + [Failure("bad.html", "HTML page has no main text", "bad")], pipeline=fake)
    assert (progress.coded, progress.events, progress.failures, progress.skipped) == (0, 0, 0, 5)
    assert fake.calls == 0 and filled.counts() == before


def test_add_is_idempotent(store):
    coded = [CodedDocument(d, list(FakePipeline()._events(d))) for d in CORPUS]
    assert store.add(coded) == (4, 7, 0)
    assert store.add(coded) == (0, 0, 0)
    assert store.counts().events == 7


def test_same_text_twice_in_one_run_is_stored_once(store):
    twin = doc("twin", CORPUS[0].text)
    progress = ingest(store, [CORPUS[0], twin], pipeline=FakePipeline())
    assert (progress.coded, progress.skipped) == (1, 1)


def test_different_texts_with_one_doc_id_get_distinct_ids(store):
    a, b = doc("report", "IND 190 PAK 2025-05-07"), doc("report", "PAK 190 IND 2025-05-07")
    ingest(store, [a], pipeline=FakePipeline())
    ingest(store, [b], pipeline=FakePipeline())
    ids = sorted(d.doc_id for d in store.documents())
    assert ids[0] == "report" and ids[1].startswith("report~") and store.counts().events == 2


def test_coder_errors_become_failure_rows_and_can_be_retried(store):
    good, bad = doc("good", "IND 190 PAK 2025-05-07"), doc("bad", "RAISE\nIND 190 PAK 2025-05-07")
    failures = []
    progress = ingest(store, [good, bad], pipeline=FakePipeline(), on_failure=failures.append)
    assert (progress.coded, progress.failures) == (1, 1)
    (failed,) = store.documents("failed")
    assert failed.reason == "coder error: RuntimeError: boom" and failed.content_hash == bad.content_hash
    assert failures[0].doc_id == "bad"
    assert ingest(store, [bad], pipeline=FakePipeline()).skipped == 1  # a rerun does not retry

    class Fixed(FakePipeline):
        def code(self, documents, batch_size=None):
            for d in documents:
                yield CodedDocument(d, [])
    progress = ingest(store, [bad], pipeline=Fixed(), retry_failed=True)
    assert progress.coded == 1 and store.counts().failed == 0


def test_failure_keys_and_outlets():
    assert failure_key(Failure("a.txt", "empty file")) == failure_key(Failure("a.txt", "empty file"))
    assert failure_key(Failure("a.txt", "empty file")) != failure_key(Failure("b.txt", "empty file"))
    assert failure_key(Failure("a", "x", content_hash="abc")) == "abc"
    assert outlet_key("Global Desk", "https://x.example/a", "s") == "global desk"
    assert outlet_key(None, "https://WWW.Wire.example/a", "s") == "wire.example"
    assert outlet_key(None, None, "corpus.jsonl:17") == "corpus.jsonl"


# -- queries ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    (EventQuery(), 7),
    (EventQuery(dyad=("PAK", "IND")), 5),
    (EventQuery(dyad=("IND", "PAKMIL")), 1),
    (EventQuery(actor="USA"), 2),
    (EventQuery(source="IND"), 3),
    (EventQuery(target="INDGOV"), 1),
    (EventQuery(country="USA"), 2),
    (EventQuery(country="pak"), 6),
    (EventQuery(cameo="19"), 3),
    (EventQuery(cameo="041"), 2),
    (EventQuery(root="16"), 1),
    (EventQuery(quad_class=(4,)), 4),
    (EventQuery(quad_class=(1, 3)), 3),
    (EventQuery(plover="assault"), 3),
    (EventQuery(since=dt.date(2025, 5, 1)), 3),
    (EventQuery(until=dt.date(2025, 4, 24)), 2),
    (EventQuery(since=dt.date(2025, 4, 30), until=dt.date(2025, 4, 30)), 2),
    (EventQuery(text="193 PAKMIL"), 1),
    (EventQuery(text="100%_"), 0),
    (EventQuery(doc_id="d2"), 2),
    (EventQuery(source="IND", root="19", since=dt.date(2025, 5, 7)), 2),
    (EventQuery(limit=3), 3),
])
def test_query_filters(filled, query, expected):
    assert len(list(filled.records(query))) == expected


def test_records_are_ordered_by_date(filled):
    days = [r["date"] for r in filled.records()]
    assert days == sorted(days)


def test_merged_events_and_their_mentions(filled):
    merged = list(filled.merged())
    strikes = [m for m in merged
               if m.representative["cameo_root"] == "19" and m.representative["source"]["code"] == "IND"]
    assert len(strikes) == 1
    strike = strikes[0]
    assert (strike.num_mentions, strike.num_articles, strike.num_sources) == (2, 2, 2)
    assert {r["doc_id"] for r in filled.mentions(strike.merged_id)} == {"d1", "d2"}
    assert len(merged) == 6  # 7 events, the two strikes merged
    assert sum(m.num_mentions for m in merged) == 7
    assert len(list(filled.merged(EventQuery(dyad=("IND", "PAK"), root="19")))) == 2  # either direction
    assert len(list(filled.merged(EventQuery(source="IND", target="PAK", root="19")))) == 1


def test_merges_follow_new_events_and_rule_changes(filled):
    ingest(filled, [doc("d5", "IND 190 PAK 2025-05-08", outlet="Northern Dispatch")], pipeline=FakePipeline())
    (strike,) = [m for m in filled.merged(EventQuery(source="IND", root="19"))]
    assert (strike.num_mentions, strike.num_sources) == (3, 3)
    filled.rule = MergeRule(window_days=0)
    assert len(list(filled.merged(EventQuery(source="IND", root="19")))) == 2


def test_merged_ids_are_stable_across_ingest_orders(tmp_path):
    ids = []
    for name, order in (("a", CORPUS), ("b", CORPUS[::-1])):
        with Store(tmp_path / f"{name}.db") as store:
            for document in order:
                ingest(store, [document], pipeline=FakePipeline())
            ids.append(sorted((m.merged_id, m.num_mentions) for m in store.merged()))
    assert ids[0] == ids[1]


# -- exports ----------------------------------------------------------------------------------

def test_jsonl_and_parquet_round_trip(filled, tmp_path):
    records = list(filled.records())
    assert filled.export("jsonl", tmp_path / "e.jsonl") == 7
    assert [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()] == records
    assert filled.export("parquet", tmp_path / "pq") == 7
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == ["month=2025-04", "month=2025-05"]
    assert read_parquet_records(tmp_path / "pq") == records
    import pyarrow.dataset as ds

    table = ds.dataset(tmp_path / "pq", format="parquet", partitioning="hive").to_table()
    assert set(CSV_COLUMNS) <= set(table.column_names)
    assert str(table.schema.field("goldstein").type) == "double"


def test_parquet_refuses_to_overwrite(filled, tmp_path):
    (tmp_path / "pq").mkdir()
    (tmp_path / "pq" / "old.parquet").write_bytes(b"x")
    with pytest.raises(StoreError, match="already exists"):
        filled.export("parquet", tmp_path / "pq")


def test_csv_export_uses_the_shared_columns(filled, tmp_path):
    assert filled.export("csv", tmp_path / "e.csv", EventQuery(root="19")) == 3
    rows = list(csv.DictReader((tmp_path / "e.csv").open()))
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == 3


def test_gdelt_export_has_the_61_columns_one_row_per_merged_event(filled, tmp_path):
    assert filled.export("gdelt", tmp_path / "g.tsv") == 6
    lines = (tmp_path / "g.tsv").read_text().splitlines()
    header = lines[0].split("\t")
    assert header == GDELT_COLUMNS and len(header) == 61
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    assert all(len(line.split("\t")) == 61 for line in lines[1:])
    strike = next(r for r in rows if r["EventRootCode"] == "19" and r["Actor1Code"] == "IND")
    assert (strike["SQLDATE"], strike["MonthYear"], strike["Year"]) == ("20250507", "202505", "2025")
    assert (strike["NumMentions"], strike["NumSources"], strike["NumArticles"]) == ("2", "2", "2")
    assert strike["Actor2CountryCode"] == "PAK" and strike["QuadClass"] == "4" and strike["AvgTone"] == ""
    assert len(strike["DATEADDED"]) == 14 and strike["GLOBALEVENTID"].isdigit()
    closure = next(r for r in rows if r["EventCode"] == "191")
    geo = (closure["ActionGeo_Type"], closure["ActionGeo_CountryCode"], closure["ActionGeo_Lat"])
    assert geo == ("4", "PAK", "30.0")
    assert closure["SOURCEURL"] == "https://wire.example/y"


def test_plover_export_fields(filled, tmp_path):
    assert filled.export("plover", tmp_path / "p.jsonl") == 7
    records = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    for field in ("id", "date", "actor", "recipient", "event", "mode", "context", "quad_code", "event_scale",
                  "event_text", "text_info", "cite_info", "link", "coder"):
        assert all(field in r for r in records), field
    strike = next(r for r in records if r["cameo"] == "190")
    assert strike["actor"][0]["code"] == "IND" and strike["recipient"][0]["code"] == "PAK"
    assert strike["event"] == ["ASSAULT"] and strike["quad_code"] == 4
    assert strike["cite_info"]["publication"] == "Global Desk"
    linked = [r for r in records if r["link"] == strike["link"]]
    assert len(linked) == 2  # the other report of the same strike shares its link


def test_unknown_format_is_refused(filled, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        filled.export("xml", tmp_path / "x")


# -- errors -----------------------------------------------------------------------------------

def test_corrupt_file_is_a_clear_error(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StoreError, match="not a readable Flashpoint store"):
        Store(path)


def test_damaged_store_is_a_clear_error(tmp_path):
    path = tmp_path / "damaged.db"
    with Store(path) as store:
        store.add([CodedDocument(d, list(FakePipeline()._events(d))) for d in CORPUS])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page after the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged|not a readable"):
        with Store(path) as store:
            list(store.records())
            store.counts()


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE x (y)")
    with pytest.raises(StoreError, match="not a Flashpoint store"):
        Store(path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer Flashpoint"):
        Store(path)


def test_locked_store_is_a_clear_error(tmp_path):
    path = tmp_path / "locked.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, timeout=0.2) as store:
            with pytest.raises(StoreError, match="locked by another process"):
                store.add([CodedDocument(CORPUS[0], [])])
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_missing_store_and_folder_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="no store here yet"):
        Store(tmp_path / "missing.db", create=False)
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
