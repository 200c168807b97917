"""The event store: an embedded SQLite database of documents, coded events and merged events.

Its methods are the Python API that the CLI, the HTTP API and the analysis module call::

    from flashpoint.store import Store, EventQuery
    with Store("flashpoint.db") as store:
        ingest(store, read_sources(["reports/"]))  # flashpoint.runner: coding is a layer above
        for record in store.records(EventQuery(dyad=("IND", "PAK"), root="19")):
            ...
        store.export("parquet", Path("events.parquet"))
        rows = store.query("SELECT cameo_root, count(*) FROM events GROUP BY 1")  # read-only SQL

Guarantees: each batch of documents is stored in one transaction with all its events; a
document whose content hash is already stored is skipped, so re-running an ingest is a no-op and
a killed run resumes where its last committed batch ended; failures are rows, not exceptions.
Reads never write: :meth:`Store.query` runs under ``PRAGMA query_only``, and only
:meth:`Store.add` and :meth:`Store.refresh_merges` (which :meth:`Store.merged` and the exports of
merged events call first, so no half-merged store shows) change the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Self

from flashpoint import formats
from flashpoint.formats import LinkedRecord
from flashpoint.merge import MergedEvent, MergeRule
from flashpoint.outputs import OutputError, atomic_file, atomic_folder, store_files
from flashpoint.records import CodedDocument, Document, Event, Failure
from flashpoint.store import carriers, merging
from flashpoint.store.db import connect, transaction
from flashpoint.store.errors import StoreError, errors
from flashpoint.store.models import StoreCounts, StoredDocument
from flashpoint.store.query import EventQuery
from flashpoint.store.reads import read
from flashpoint.store.rows import (
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    document_row,
    event_row,
    failure_key,
    failure_row,
    now_utc,
)

DEFAULT_PATH = Path("flashpoint.db")
_INSERT_DOCUMENT = (f"INSERT OR IGNORE INTO documents ({', '.join(DOCUMENT_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})")
_INSERT_DOCUMENT_WITH_ID = (f"INSERT INTO documents (id, {', '.join(DOCUMENT_COLUMNS)}) "
                            f"VALUES ({', '.join('?' * (len(DOCUMENT_COLUMNS) + 1))})")
_INSERT_EVENT = (f"INSERT OR IGNORE INTO events ({', '.join(EVENT_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})")
_MERGED_SELECT = """
    SELECT m.merged_id, e.record, m.num_mentions, m.num_sources, m.num_articles, m.date_first, m.date_last,
           m.first_seen, m.last_seen, coalesce(d.url, d.source), d.ingested_at, m.day
    FROM merged_events m JOIN events e ON e.event_id = m.representative JOIN documents d ON d.id = e.doc
"""


class Store:
    """An event store in one SQLite file (created and migrated on first use).

    A ``readonly`` store writes nothing once its schema is up to date: its connection refuses
    writes, and its merged events are read as the last write left them (the web server reads
    through such stores).
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, *, rule: MergeRule | None = None,
                 timeout: float | None = None, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        self.rule = rule or MergeRule()
        self.readonly = readonly
        self._conn: sqlite3.Connection = connect(self.path, timeout=timeout, create=create, readonly=readonly)

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------

    def is_stored(self, key: str, retry_failed: bool = False) -> bool:
        """Whether a document (content hash) or failure (:func:`failure_key`) is already stored;
        with ``retry_failed``, failed documents count as not stored, so they are coded again."""
        with errors(self.path):
            row = self._conn.execute("SELECT status FROM documents WHERE content_hash = ?", (key,)).fetchone()
        return row is not None and not (retry_failed and row[0] == "failed" and not key.startswith("failure:"))

    def needs_carrier(self, document: Document) -> bool:
        """Whether ``document``, a text already stored, comes from an outlet the store does not
        yet record for it (:mod:`flashpoint.store.carriers`); a read, so a rerun writes nothing."""
        with errors(self.path):
            return carriers.needed(self._conn, document)

    def add(self, coded: Sequence[CodedDocument], failures: Sequence[Failure] = (),
            repeats: Sequence[Document] = ()) -> tuple[int, int, int]:
        """Store coded documents with their events, failures, and the outlets of ``repeats``
        (texts already stored, carried by another outlet), in ONE transaction.

        Documents already stored as coded are left alone (with their events), so adding is
        idempotent, but their outlet is recorded as a carrier when it is another one; a document
        stored as failed is replaced by its coded version. Document ids
        are made unique here, inside the write transaction, so two processes storing two texts
        under one id (two report.txt, two stdin runs) cannot both take it (:func:`own_doc_id`).
        Each document's ``n_events`` counts the events actually stored. Returns the numbers of
        documents, events and failures actually added.
        """
        stamp = now_utc()
        with errors(self.path), transaction(self._conn):
            cursor = self._conn.cursor()
            fresh, stored = self._fresh(cursor, coded)
            # Ids are assigned here, inside the write transaction, so events can name their
            # document without one round trip per document.
            first = cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]
            doc_rows, event_rows = [], []
            taken: set[str] = set()
            for offset, item in enumerate(fresh):
                own_doc_id(cursor, item, taken)
                doc_rows.append((first + offset, *document_row(item.document, len(item.events), stamp)))
                event_rows.extend(event_row(event, first + offset) for event in item.events)
            cursor.executemany(_INSERT_DOCUMENT_WITH_ID, doc_rows)
            cursor.executemany(_INSERT_EVENT, event_rows)
            events = cursor.rowcount if event_rows else 0
            if events != len(event_rows):  # an event id twice: count what was kept, not what was sent
                cursor.execute("UPDATE documents SET n_events = (SELECT count(*) FROM events WHERE doc = documents.id)"
                               " WHERE id >= ?", (first,))
            cursor.executemany("INSERT OR IGNORE INTO merge_dirty (group_key) VALUES (?)",
                               [(group,) for group in sorted({row[-2] for row in event_rows})])
            cursor.executemany(_INSERT_DOCUMENT, [failure_row(failure, stamp) for failure in failures])
            failed = cursor.rowcount if failures else 0
            carriers.record(cursor, [*stored, *repeats], stamp)
        return len(fresh), events, failed

    @staticmethod
    def _fresh(cursor: sqlite3.Cursor, coded: Sequence[CodedDocument]) -> tuple[list[CodedDocument], list[Document]]:
        """The documents not yet stored as coded (first of each content hash), and the others
        (stored already, by another run or process: their outlets may be new carriers). Failed
        rows of fresh documents are deleted, as their coded version replaces them."""
        fresh: list[CodedDocument] = []
        stored: list[Document] = []
        seen: set[str] = set()
        for item in coded:
            key = item.document.content_hash
            if key in seen:
                stored.append(item.document)
                continue
            seen.add(key)
            row = cursor.execute("SELECT status FROM documents WHERE content_hash = ?", (key,)).fetchone()
            if row and row[0] == "coded":
                stored.append(item.document)
                continue
            if row:
                cursor.execute("DELETE FROM documents WHERE content_hash = ?", (key,))
            fresh.append(item)
        return fresh, stored

    def refresh_merges(self) -> int:
        """Bring merged events up to date with the stored events; return groups re-merged (none
        on a ``readonly`` store, whose merged events stay as the last write left them)."""
        if self.readonly:
            return 0
        with errors(self.path):
            return merging.refresh(self._conn, self.rule)

    # -- reading ----------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[object] = (), *, budget: float | None = None) -> list[tuple]:
        """The rows of one read-only SQL statement over the store's tables (docs/store.md,
        "Schema"): what the analysis and the web's pages read through. SQLite refuses any write
        in it. With ``budget`` (seconds) a statement running longer is interrupted
        (:class:`~flashpoint.store.reads.QueryTimeout`)."""
        with errors(self.path):
            return read(self._conn, sql, params, budget)

    def records(self, query: EventQuery | None = None) -> Iterator[dict[str, Any]]:
        """Stored events as DESIGN.md records, ordered by date then event id."""
        for raw in self.raw_records(query):
            yield json.loads(raw)

    def raw_records(self, query: EventQuery | None = None) -> Iterator[str]:
        """The stored JSON text of each record, unparsed (exports copy it as it is)."""
        for row in self._select_events("e.record", query):
            yield row[0]

    def events(self, query: EventQuery | None = None) -> Iterator[Event]:
        for record in self.records(query):
            yield Event.from_dict(record)

    def linked(self, query: EventQuery | None = None) -> Iterator[LinkedRecord]:
        """Each record with its merged event and its article (URL, title, outlet, when stored),
        merged events brought up to date first, so each names its merged event."""
        self.refresh_merges()
        for raw, merged_id, url, title, outlet, stored_at in self._select_events(
                "e.record, mm.merged_id, d.url, d.title, d.outlet, d.ingested_at", query,
                "LEFT JOIN merged_mentions mm ON mm.event_id = e.event_id JOIN documents d ON d.id = e.doc"):
            yield LinkedRecord(json.loads(raw), merged_id, url, title, outlet, stored_at)

    def _select_events(self, columns: str, query: EventQuery | None, joins: str = "") -> Iterator[tuple]:
        query = query or EventQuery()
        where, params = query.where("e")
        sql = (f"SELECT {columns} FROM events e {joins} WHERE {where} "
               f"ORDER BY e.date IS NULL, e.date, e.event_id{query.limit_sql()}")
        with errors(self.path):
            yield from self._conn.execute(sql, params)

    def merged(self, query: EventQuery | None = None, refresh: bool = True) -> Iterator[MergedEvent]:
        """Merged events matching ``query`` (by their representative's actors and code, their
        voted day, and words or an article of any of their reports; see
        :meth:`EventQuery.where`), by day; brought up to date first (unless ``refresh`` is False)
        so a crashed or interrupted merge never shows."""
        if refresh:
            self.refresh_merges()
        query = query or EventQuery()
        where, params = query.where("m", merged=True)
        sql = f"{_MERGED_SELECT} WHERE {where} ORDER BY m.day IS NULL, m.day, m.merged_id{query.limit_sql()}"
        with errors(self.path):
            rows = self._conn.execute(sql, params).fetchall()
            for row in rows:
                yield self._merged(row)

    def _merged(self, row: tuple) -> MergedEvent:
        mentions = [r[0] for r in self._conn.execute(
            "SELECT mm.event_id FROM merged_mentions mm JOIN events e ON e.event_id = mm.event_id "
            "WHERE mm.merged_id = ? ORDER BY e.date, mm.event_id", (row[0],))]
        return MergedEvent(
            merged_id=row[0], representative=json.loads(row[1]), num_mentions=row[2], num_sources=row[3],
            num_articles=row[4], date_first=row[5], date_last=row[6], first_seen=row[7], last_seen=row[8],
            mentions=mentions, source_url=row[9], added=row[10], day=row[11],
        )

    def mentions(self, merged_id: str) -> list[dict[str, Any]]:
        """The raw event records merged into one merged event."""
        with errors(self.path):
            rows = self._conn.execute(
                "SELECT e.record FROM merged_mentions mm JOIN events e ON e.event_id = mm.event_id "
                "WHERE mm.merged_id = ? ORDER BY e.date, e.event_id", (merged_id,)).fetchall()
        return [json.loads(row[0]) for row in rows]

    def documents(self, status: str | None = None) -> Iterator[StoredDocument]:
        """Stored inputs (``status`` "coded" or "failed" to choose), in the order stored."""
        sql = ("SELECT content_hash, doc_id, source, url, title, outlet, published, report_date, status, reason, "
               "n_events, ingested_at, notes FROM documents" + (" WHERE status = ?" if status else "") + " ORDER BY id")
        with errors(self.path):
            for row in self._conn.execute(sql, (status,) if status else ()):
                yield StoredDocument(*row[:-1], notes=json.loads(row[-1]) if row[-1] else [])

    def text(self, content_hash: str) -> str | None:
        """A stored document's text, as ingested (evidence offsets point into it)."""
        with errors(self.path):
            row = self._conn.execute("SELECT text FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def counts(self) -> StoreCounts:
        def one(sql: str) -> int:
            return self._conn.execute(sql).fetchone()[0]

        with errors(self.path):
            return StoreCounts(
                documents=one("SELECT count(*) FROM documents"),
                coded=one("SELECT count(*) FROM documents WHERE status = 'coded'"),
                failed=one("SELECT count(*) FROM documents WHERE status = 'failed'"),
                events=one("SELECT count(*) FROM events"),
                merged=one("SELECT count(*) FROM merged_events"),
                pending_merge_groups=one("SELECT count(*) FROM merge_dirty"),
                schema_version=one("PRAGMA user_version"),
            )

    def export(self, fmt: str, out: Path | str | IO[str], query: EventQuery | None = None) -> int:
        """Write the events matching ``query`` in the output format ``fmt`` (a name of
        :data:`flashpoint.formats.FORMATS`: csv, jsonl, parquet, gdelt, plover) to ``out``, a file,
        an open text stream, or for parquet a new (or empty) folder; return the rows written
        (merged events for gdelt). A file or folder is written under a temporary name and renamed
        when complete, and never over the store (:mod:`flashpoint.outputs`). Raises
        :class:`~flashpoint.formats.FormatError` for an unknown format and :class:`StoreError`
        for an ``out`` it cannot use or write (the store itself, a full disk)."""
        output = formats.get(fmt)
        source = StoreSource(self, query)
        if not isinstance(out, Path | str):
            return output.write(source, out)
        try:
            if output.folder:
                with atomic_folder(out, protect=store_files(self.path)) as folder:
                    return output.write(source, folder)
            with atomic_file(out, protect=store_files(self.path)) as stream:
                return output.write(source, stream)
        except OutputError as error:
            raise StoreError(str(error)) from None


def own_doc_id(cursor: sqlite3.Cursor, item: CodedDocument, taken: set[str]) -> None:
    """Give ``item`` a document id no other text has in the store or in this batch (``taken``):
    a clash gets the text's hash appended (``report~3f2a...``), and its events are renamed with
    it, since event ids derive from the document id. Run inside the write transaction: two
    processes checking first and storing later could both take the id, and then one text's
    events, colliding with the other's ids, would be dropped."""
    document, digest = item.document, item.document.content_hash
    doc_id = document.doc_id
    for candidate in (doc_id, f"{doc_id}~{digest[:12]}", f"{doc_id}~{digest}"):
        if candidate not in taken and cursor.execute(
                "SELECT 1 FROM documents WHERE doc_id = ? AND status = 'coded' AND content_hash <> ? LIMIT 1",
                (candidate, digest)).fetchone() is None:
            break
    taken.add(candidate)
    if candidate == doc_id:
        return
    document.doc_id = candidate
    for event in item.events:
        event.doc_id = candidate
        event.event_id = event.stable_id()


class StoreSource:
    """The events of a store matching a query, as output formats read them
    (:class:`flashpoint.formats.EventSource`)."""

    def __init__(self, store: Store, query: EventQuery | None = None) -> None:
        self.store, self.query = store, query

    def raw_records(self) -> Iterator[str]:
        return self.store.raw_records(self.query)

    def records(self) -> Iterator[dict[str, Any]]:
        return self.store.records(self.query)

    def linked(self) -> Iterator[LinkedRecord]:
        return self.store.linked(self.query)

    def merged(self) -> Iterator[MergedEvent]:
        return self.store.merged(self.query)


__all__ = ["DEFAULT_PATH", "Store", "StoreError", "failure_key"]
