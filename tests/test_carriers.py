"""Same report, different bytes (issue 18): a CRLF (or NFD, or trailing-space) copy of a report is
the same document, not a duplicate with duplicate events; and identical text from several outlets
is stored once while every outlet is counted (carriers), so merged events know how widely an
event was reported. Old stores are brought in line by schema 6."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from pathlib import Path

import flashpoint.analysis  # noqa: F401 - merging keeps the alerts
from concurrency import FakePipeline
from flashpoint.ingest import make_document, read_sources
from flashpoint.records import CodedDocument, content_hash
from flashpoint.runner import ingest
from flashpoint.store import Store

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


def test_schema_6_folds_copies_an_older_store_kept_twice(tmp_path):
    """A store of schema 5 holding a report and its CRLF copy as two documents, each with its
    events: opened now, the copy becomes a carrier of the report and its events go."""
    db = tmp_path / "old.db"
    with Store(db) as store:
        for number, (text, outlet) in enumerate([(REPORT, "Dawn"), (REPORT.replace("\n", "\r\n"), "Geo")]):
            document = make_document(text, doc_id=f"r{number}", source=f"r{number}.txt", outlet=outlet)
            document.content_hash = hashlib.sha256(text.encode()).hexdigest()  # as schema 5 hashed
            store.add([CodedDocument(document, list(FakePipeline.events(document)))])
        store.refresh_merges()
    conn = sqlite3.connect(db)
    conn.executescript("DROP TABLE carriers; PRAGMA user_version = 5;")
    conn.close()
    assert _rows(db, "SELECT count(*) FROM documents") == [(2,)] and _rows(db, "SELECT count(*) FROM events") == [(4,)]
    with Store(db) as store:
        store.refresh_merges()
        assert store.counts().schema_version == 6
    assert _rows(db, "SELECT doc_id, content_hash FROM documents") == [("r0", content_hash(REPORT))]
    assert _rows(db, "SELECT count(*) FROM events") == [(2,)]
    assert _rows(db, "SELECT outlet_key FROM carriers") == [("geo",)]
    assert _rows(db, "SELECT num_mentions, num_sources, num_articles FROM merged_events") == [(1, 2, 2)] * 2
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
