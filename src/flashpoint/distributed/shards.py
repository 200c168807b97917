"""Parquet shards: what a worker writes for one partition, and how it is read back.

A shard is two Parquet tables, so a finished run is an ordinary partitioned dataset that any
Parquet reader (pyarrow, DuckDB, Spark, pandas) can open:

- ``documents/part-NNNNN.parquet``: one row per input of the partition, coded or failed, with
  what the store keeps of it (ids, source, dates, status, reason, text);
- ``events/part-NNNNN.parquet``: one row per event, the typed columns of the Parquet export
  (:data:`flashpoint.formats.CSV_COLUMNS`) plus ``record``, the full DESIGN.md record as JSON,
  which is what makes the round trip into the store exact.

The text is kept because evidence offsets point into it, and the store keeps it too.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.formats import CSV_COLUMNS, flat_row
from flashpoint.records import CodedDocument, Document, Event, Failure
from flashpoint.store.rows import notes_json, record_json

DOCUMENT_FIELDS = ("status", "doc_id", "content_hash", "source", "title", "url", "outlet", "published",
                   "report_date", "date_origin", "language", "reason", "n_events", "text", "notes")
TABLES = ("documents", "events")


def part_name(number: int) -> str:
    return f"part-{number:05d}.parquet"


@dataclass(slots=True)
class Shard:
    """One partition's results as two Arrow tables (documents, events)."""

    documents: Any  # pyarrow.Table
    events: Any  # pyarrow.Table

    @classmethod
    def build(cls, coded: list[CodedDocument], failures: list[Failure]) -> Shard:
        import pyarrow as pa

        docs: dict[str, list[Any]] = {name: [] for name in DOCUMENT_FIELDS}
        for item in coded:
            _append(docs, _document_values(item.document, len(item.events)))
        for failure in failures:
            _append(docs, _failure_values(failure))
        events: dict[str, list[Any]] = {name: [] for name in event_schema().names}
        for item in coded:
            for event in item.events:
                _append(events, _event_values(event, item.document.content_hash))
        return cls(pa.Table.from_pydict(docs, schema=document_schema()),
                   pa.Table.from_pydict(events, schema=event_schema()))

    def to_bytes(self) -> dict[str, bytes]:
        """Each table as Parquet file bytes, to send a shard back to the client."""
        import pyarrow.parquet as pq

        out = {}
        for name in TABLES:
            sink = io.BytesIO()
            pq.write_table(getattr(self, name), sink)
            out[name] = sink.getvalue()
        return out

    @classmethod
    def from_bytes(cls, data: dict[str, bytes]) -> Shard:
        """The shard :meth:`to_bytes` made. One file is read as one file (``ParquetFile``), not
        through ``read_table``'s dataset layer: the same table, at half the cost, and without
        importing ``pyarrow.dataset`` on the client's first partition."""
        return cls(*(_read(io.BytesIO(data[name])) for name in TABLES))

    def write(self, folder: Path, number: int) -> None:
        """Write ``folder/documents/part-N.parquet`` and ``folder/events/part-N.parquet``; each
        file is written under a temporary name and renamed, so a reader never sees half a shard."""
        import pyarrow.parquet as pq

        for name in TABLES:
            target = Path(folder) / name / part_name(number)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".partial")
            pq.write_table(getattr(self, name), partial)
            partial.replace(target)

    @classmethod
    def read(cls, folder: Path, number: int) -> Shard:
        return cls(*(_read(Path(folder) / name / part_name(number)) for name in TABLES))

    def coded_and_failures(self) -> tuple[list[CodedDocument], list[Failure]]:
        """Back to the records :meth:`flashpoint.store.Store.add` stores."""
        events: dict[str, list[Event]] = {}
        for key, raw in zip(self.events.column("content_hash").to_pylist(),
                            self.events.column("record").to_pylist()):
            events.setdefault(key, []).append(Event.from_dict(json.loads(raw)))
        coded: list[CodedDocument] = []
        failures: list[Failure] = []
        for row in self.documents.to_pylist():
            if row["status"] == "failed":
                failures.append(Failure(row["source"], row["reason"] or "", row["doc_id"], row["content_hash"],
                                        row["text"]))
                continue
            document = Document(
                doc_id=row["doc_id"], text=row["text"], source=row["source"], title=row["title"], url=row["url"],
                outlet=row["outlet"], published=_day(row["published"]), report_date=_day(row["report_date"]),
                date_origin=row["date_origin"], language=row["language"], content_hash=row["content_hash"],
                notes=json.loads(row["notes"]) if row.get("notes") else [])
            coded.append(CodedDocument(document, events.get(row["content_hash"], [])))
        return coded, failures

    @property
    def event_count(self) -> int:
        return self.events.num_rows


def document_schema():
    import pyarrow as pa

    types = {"n_events": pa.int64()}
    return pa.schema([pa.field(name, types.get(name, pa.string())) for name in DOCUMENT_FIELDS])


def event_schema():
    """The Parquet export's typed columns (less its ``month`` partition key), plus the owning
    document's content hash to join on."""
    import pyarrow as pa

    from flashpoint.formats import parquet

    fields = [field for field in parquet.schema() if field.name != "month"]
    return pa.schema([pa.field("content_hash", pa.string()), *fields])


def _read(source: Path | io.BytesIO) -> Any:
    """One Parquet file as a pyarrow Table (see :meth:`Shard.from_bytes`)."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(source) as file:
        return file.read()


def _append(columns: dict[str, list[Any]], values: dict[str, Any]) -> None:
    for name, column in columns.items():
        column.append(values.get(name))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _document_values(document: Document, n_events: int) -> dict[str, Any]:
    return {"status": "coded", "doc_id": document.doc_id, "content_hash": document.content_hash,
            "source": document.source, "title": document.title, "url": document.url, "outlet": document.outlet,
            "published": _iso(document.published), "report_date": _iso(document.report_date),
            "date_origin": document.date_origin, "language": document.language, "n_events": n_events,
            "text": document.text, "notes": notes_json(document.notes)}


def _failure_values(failure: Failure) -> dict[str, Any]:
    return {"status": "failed", "doc_id": failure.doc_id, "content_hash": failure.content_hash,
            "source": failure.source, "reason": failure.reason, "n_events": 0, "text": failure.text}


def _event_values(event: Event, content_hash: str) -> dict[str, Any]:
    record = event.to_dict()
    values = {column: value for column, value in flat_row(record).items() if column in CSV_COLUMNS}
    values["content_hash"] = content_hash
    values["record"] = record_json(record)
    return values
