"""Every outlet that carried a text, and document identity that ignores line ends.

A wire story runs word for word in many outlets. The store keeps the text once (one document,
its events once), but each further outlet that carried it is a **carrier**: a row of
``carriers`` (schema 7), so merged events count it among their sources and articles. Before,
the second and third outlets were skipped as "already stored" and lost (``num_sources`` stayed
1). A carrier is recorded only for an outlet other than the document's own, once.

Schema 7 also recomputes the stored documents' content hashes as
:func:`flashpoint.records.content_hash` now computes them (line ends, trailing spaces and the
Unicode normal form no longer count), and folds documents that were stored twice only because
of such differences (a CRLF copy of a report) into one, the copy becoming a carrier.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from flashpoint.records import Document, content_hash
from flashpoint.store.rows import outlet_key

CARRIERS_SQL = """
        -- Outlets other than the document's own that carried the same text (same content hash):
        -- merged events count them among their sources and articles.
        CREATE TABLE IF NOT EXISTS carriers (
            doc        INTEGER NOT NULL REFERENCES documents (id),
            outlet_key TEXT NOT NULL,
            source     TEXT NOT NULL,
            url        TEXT,
            outlet     TEXT,
            seen_date  TEXT NOT NULL,
            PRIMARY KEY (doc, outlet_key)
        ) WITHOUT ROWID
"""


def carrier_row(document: Document, ingested_at: str) -> tuple:
    """(outlet key, source, url, outlet, seen date) of one copy of a text."""
    published = document.published.isoformat() if document.published else None
    reported = document.report_date.isoformat() if document.report_date else None
    return (outlet_key(document.outlet, document.url, document.source), document.source, document.url,
            document.outlet, published or reported or ingested_at[:10])


def record(cursor: sqlite3.Cursor, repeats: Iterable[Document], ingested_at: str) -> int:
    """Record the outlets of ``repeats`` (texts already stored) that their stored document does
    not name yet; mark the merge groups of documents that gained one. Returns carriers added."""
    added = 0
    for document in repeats:
        row = cursor.execute("SELECT id, outlet_key FROM documents WHERE content_hash = ? AND status = 'coded'",
                             (document.content_hash,)).fetchone()
        carried = carrier_row(document, ingested_at)
        if row is None or row[1] == carried[0]:
            continue
        cursor.execute("INSERT OR IGNORE INTO carriers (doc, outlet_key, source, url, outlet, seen_date) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (row[0], *carried))
        if cursor.rowcount > 0:
            added += 1
            cursor.execute("INSERT OR IGNORE INTO merge_dirty (group_key) SELECT DISTINCT group_key FROM events "
                           "WHERE doc = ?", (row[0],))
    return added


def carried(conn: sqlite3.Connection, group: str) -> dict[int, list[tuple[str, str]]]:
    """The carriers (outlet key, seen date) of the documents with events in merge group ``group``."""
    found: dict[int, list[tuple[str, str]]] = {}
    for doc, key, seen in conn.execute(
            "SELECT doc, outlet_key, seen_date FROM carriers WHERE doc IN "
            "(SELECT DISTINCT doc FROM events WHERE group_key = ?) ORDER BY doc, outlet_key", (group,)):
        found.setdefault(doc, []).append((key, seen))
    return found


def needed(conn: sqlite3.Connection, document: Document) -> bool:
    """Whether ``document``, a text already stored, comes from an outlet not yet recorded for it
    (a read, so rerunning an ingest writes nothing)."""
    key = carrier_row(document, "")[0]
    row = conn.execute(
        "SELECT d.outlet_key <> ? AND NOT EXISTS (SELECT 1 FROM carriers c WHERE c.doc = d.id AND c.outlet_key = ?) "
        "FROM documents d WHERE d.content_hash = ? AND d.status = 'coded'", (key, key, document.content_hash)).fetchone()
    return bool(row and row[0])


# -- schema 7 ------------------------------------------------------------------------------------

def rehash(conn: sqlite3.Connection) -> None:
    """Give every stored text the content hash of :func:`content_hash`; fold the documents that
    then share one (see :func:`_fold`). Runs inside the migration's transaction."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rehashed (id INTEGER PRIMARY KEY, hash TEXT NOT NULL)")
    conn.execute("DELETE FROM rehashed")
    changed: list[tuple[int, str]] = []
    for doc, old, text in conn.execute(
            "SELECT id, content_hash, text FROM documents WHERE text IS NOT NULL AND content_hash NOT LIKE 'failure:%'"):
        new = content_hash(text)
        if new != old:
            changed.append((doc, new))
    conn.executemany("INSERT INTO rehashed (id, hash) VALUES (?, ?)", changed)
    rows = conn.execute("""
        WITH h AS (SELECT d.id, coalesce(r.hash, d.content_hash) AS hash, d.status FROM documents d
                   LEFT JOIN rehashed r ON r.id = d.id)
        SELECT id, hash FROM h WHERE hash IN (SELECT hash FROM h GROUP BY hash HAVING count(*) > 1)
        ORDER BY hash, status = 'coded' DESC, id""").fetchall()
    keeper: dict[str, int] = {}
    for doc, digest in rows:
        if digest in keeper:
            _fold(conn, doc, keeper[digest])
        else:
            keeper[digest] = doc
    conn.execute("UPDATE documents SET content_hash = (SELECT hash FROM rehashed WHERE rehashed.id = documents.id) "
                 "WHERE id IN (SELECT id FROM rehashed)")
    conn.execute("DROP TABLE rehashed")


def _fold(conn: sqlite3.Connection, copy: int, kept: int) -> None:
    """Remove document ``copy``, the same text as ``kept``: its events go (their merge groups are
    merged again), and its outlet becomes a carrier of ``kept``."""
    groups = [row[0] for row in conn.execute("SELECT DISTINCT group_key FROM events WHERE doc = ?", (copy,))]
    for group in groups:
        conn.execute("DELETE FROM merged_mentions WHERE merged_id IN "
                     "(SELECT merged_id FROM merged_events WHERE group_key = ?)", (group,))
        conn.execute("DELETE FROM merged_events WHERE group_key = ?", (group,))
        conn.execute("INSERT OR IGNORE INTO merge_dirty (group_key) VALUES (?)", (group,))
    conn.execute("""
        INSERT OR IGNORE INTO carriers (doc, outlet_key, source, url, outlet, seen_date)
        SELECT ?, c.outlet_key, c.source, c.url, c.outlet, c.seen_date FROM documents c, documents k
        WHERE c.id = ? AND k.id = ? AND c.status = 'coded' AND k.status = 'coded' AND c.outlet_key <> k.outlet_key""",
                 (kept, copy, kept))
    conn.execute("UPDATE OR IGNORE carriers SET doc = ? WHERE doc = ?", (kept, copy))
    conn.execute("DELETE FROM carriers WHERE doc = ?", (copy,))
    conn.execute("DELETE FROM events WHERE doc = ?", (copy,))
    conn.execute("DELETE FROM documents WHERE id = ?", (copy,))

