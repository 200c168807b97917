"""Same report, different bytes (issue 18): a CRLF (or NFD, or trailing-space) copy of a report is
the same document, not a duplicate with duplicate events; and identical text from several outlets
is stored once while every outlet is counted (carriers), so merged events know how widely an
event was reported. Old stores are brought in line by schema 7."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest

import flashpoint.analysis  # noqa: F401 - merging keeps the alerts
from concurrency import FakePipeline
from flashpoint.ingest import make_document, read_sources
from flashpoint.records import CodedDocument, content_hash
from flashpoint.runner import ingest
from flashpoint.store import Store
from flashpoint.store.schema import MIGRATIONS, SCHEMA_VERSION

REPORT = ("Wire. IND 190 PAK 2025-05-07.\nOfficials in Islamabad said the café near the border was hit.\n"
          "PAK 111 IND 2025-05-07")


def _ingest(db: Path, sources: list[Path]) -> None:
    with Store(db) as store:
        ingest(store, read_sources([str(s) for s in sources]), pipeline=FakePipeline(), batch_size=2)


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_copies_differing_in_line_ends_spaces_or_normal_form_are_one_document(tmp_path):
    variants = {
        "lf.txt": REPORT,
        "crlf.txt": REPORT.replace("\n", "\r\n"),
        "cr.txt": REPORT.replace("\n", "\r"),
        "spaces.txt": REPORT.replace("\n", "  \n") + "\n\n",
        "nfd.txt": unicodedata.normalize("NFD", REPORT),
    }
    for name, text in variants.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    assert len({content_hash(text) for text in variants.values()}) == 1
    db = tmp_path / "s.db"
    _ingest(db, [tmp_path / name for name in variants])
    assert _rows(db, "SELECT count(*), sum(n_events) FROM documents") == [(1, 2)]
    assert _rows(db, "SELECT count(*) FROM events") == [(2,)]
    assert _rows(db, "SELECT num_mentions, num_sources, num_articles FROM merged_events") == [(1, 5, 5)] * 2


def test_the_same_text_from_three_outlets_counts_three_sources(tmp_path):
    reports = tmp_path / "wire.jsonl"
    reports.write_text("".join(json.dumps({"id": f"w{n}", "text": REPORT, "outlet": outlet, "published": day}) + "\n"
                               for n, (outlet, day) in enumerate([("Dawn", "2025-05-07"), ("The Hindu", "2025-05-08"),
                                                                  ("Reuters", "2025-05-07"), ("Dawn", "2025-05-09")])))
    db = tmp_path / "s.db"
    _ingest(db, [reports])
    assert _rows(db, "SELECT count(*) FROM documents") == [(1,)]
    merged = _rows(db, "SELECT num_mentions, num_sources, num_articles, first_seen, last_seen FROM merged_events")
    assert merged == [(1, 3, 3, "2025-05-07", "2025-05-08")] * 2
    assert _rows(db, "SELECT outlet_key FROM carriers ORDER BY 1") == [("reuters",), ("the hindu",)]
    days = _rows(db, "SELECT sum(conflict) FROM merged_days")[0][0]

    # a rerun, and the same outlets in another file: nothing more to record
    again = tmp_path / "again.jsonl"
    again.write_text(reports.read_text())
    _ingest(db, [reports, again])
    assert _rows(db, "SELECT count(*) FROM carriers") == [(2,)]
    assert _rows(db, "SELECT num_sources FROM merged_events") == [(3,)] * 2
    assert _rows(db, "SELECT sum(conflict) FROM merged_days")[0][0] == days  # weighed by its three outlets


def test_a_later_run_from_a_new_outlet_adds_it(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "w", "text": REPORT, "outlet": "Dawn"}) + "\n")
    second.write_text(json.dumps({"id": "w", "text": REPORT.replace("\n", "\r\n"), "outlet": "Geo"}) + "\n")
    db = tmp_path / "s.db"
    _ingest(db, [first])
    _ingest(db, [second])
    assert _rows(db, "SELECT num_mentions, num_sources, num_articles FROM merged_events") == [(1, 2, 2)] * 2


#: How a store of each older shape differs from a current one: what to drop, then its version.
#: "main 6" is main's migration 6 (indexes on merged events' day and Goldstein, events.date_exact);
#: "branch 6" a store of the reliability branch before it was merged, which numbered 7 as 6.
OLDER = {
    "5": ["DROP TABLE carriers", "ALTER TABLE documents DROP COLUMN notes", "DROP INDEX merged_day",
          "DROP INDEX merged_goldstein", "ALTER TABLE events DROP COLUMN date_exact", "PRAGMA user_version = 5"],
    "main 6": ["DROP TABLE carriers", "ALTER TABLE documents DROP COLUMN notes", "PRAGMA user_version = 6"],
    "branch 6": ["DROP INDEX merged_day", "DROP INDEX merged_goldstein", "ALTER TABLE events DROP COLUMN date_exact",
                 "DELETE FROM carriers", "PRAGMA user_version = 6"],
}


def _shape(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns, and indexes: what a migration changes."""
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    indexes = conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                           "ORDER BY name").fetchall()
    return {"columns": {name: [row[1:3] for row in conn.execute(f"PRAGMA table_info({name})")] for name in names},
            "indexes": indexes, "version": conn.execute("PRAGMA user_version").fetchone()[0]}


def _made_by(migrations: int, monkeypatch) -> dict[str, object]:
    """The shape of an empty store made by the first ``migrations`` migrations."""
    from flashpoint.store import db

    conn = sqlite3.connect(":memory:", isolation_level=None)
    db._math_functions(conn)
    with monkeypatch.context() as patch:
        patch.setattr(db, "MIGRATIONS", MIGRATIONS[:migrations])
        db.migrate(conn)
    return _shape(conn)


@pytest.mark.parametrize("older", sorted(OLDER))
def test_an_older_store_holding_a_copy_twice_upgrades_and_folds_it(tmp_path, older, monkeypatch):
    """A store of schema 5, of main's schema 6, or of this work's first schema 6, holding a report
    and its CRLF copy as two documents, each with its events: opened now, it is at the current
    schema, the copy becomes a carrier of the report and its events go."""
    db = tmp_path / "old.db"
    with Store(db) as store:
        for number, (text, outlet) in enumerate([(REPORT, "Dawn"), (REPORT.replace("\n", "\r\n"), "Geo")]):
            document = make_document(text, doc_id=f"r{number}", source=f"r{number}.txt", outlet=outlet)
            document.content_hash = hashlib.sha256(text.encode()).hexdigest()  # as schema 5 and 6 hashed
            store.add([CodedDocument(document, list(FakePipeline.events(document)))])
        store.refresh_merges()
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in OLDER[older]:
        conn.execute(statement)
    if older != "branch 6":  # the shape main's migrations made, exactly
        assert _shape(conn) == _made_by(int(older[-1]), monkeypatch)
    conn.close()
    assert _rows(db, "SELECT count(*) FROM documents") == [(2,)] and _rows(db, "SELECT count(*) FROM events") == [(4,)]
    with Store(db) as store:
        store.refresh_merges()
        assert store.counts().schema_version == SCHEMA_VERSION == 7
    conn = sqlite3.connect(db)
    assert _shape(conn) == _made_by(SCHEMA_VERSION, monkeypatch)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    assert _rows(db, "SELECT doc_id, content_hash FROM documents") == [("r0", content_hash(REPORT))]
    assert _rows(db, "SELECT count(*) FROM events") == [(2,)]
    assert _rows(db, "SELECT outlet_key FROM carriers") == [("geo",)]
    assert _rows(db, "SELECT num_mentions, num_sources, num_articles FROM merged_events") == [(1, 2, 2)] * 2
